/* One-click sharing: LinkedIn and Facebook ignore a prefilled text, so the chosen text is copied to
   the clipboard as the share button is clicked (the network's window opens in a new tab). */
(function () {
  "use strict";
  const wordsNode = document.getElementById("copy-words");
  const words = wordsNode ? JSON.parse(wordsNode.textContent) : {};
  const status = document.querySelector(".copy-status");

  function chosenText(form) {
    const radio = form.querySelector("input[name=text]:checked");
    if (radio && radio.value === "own") {
      const own = form.querySelector("textarea[name=own_text]");
      return own ? own.value : "";
    }
    if (radio && radio.dataset.text !== undefined) return radio.dataset.text;
    return form.dataset.text || "";
  }
  function say(message) {
    if (status) status.textContent = message;
  }
  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (error) { done = false; }
    document.body.removeChild(area);
    return done;
  }
  document.querySelectorAll("form.share-form[data-copy]").forEach(function (form) {
    form.addEventListener("submit", function () {
      const text = chosenText(form);
      const network = form.dataset.networkLabel || "";
      const copied = (words.copied || "").replace("%(network)s", network);
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(
          function () { say(copied); },
          function () { say(fallbackCopy(text) ? copied : words.failed || ""); }
        );
      } else {
        say(fallbackCopy(text) ? copied : words.failed || "");
      }
    });
  });
  // "Write your own": typing in the text box chooses it.
  document.querySelectorAll("form.share-form textarea[name=own_text]").forEach(function (area) {
    area.addEventListener("input", function () {
      const own = area.form.querySelector("input[name=text][value=own]");
      if (own) own.checked = true;
    });
  });
})();
