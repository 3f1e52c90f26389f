// A one-click correction that fails (the mention was deleted meanwhile, the connection dropped) says so
// in the card and in the stream's live region, instead of nothing happening.
(function () {
  function report(event) {
    const card = event.target.closest ? event.target.closest(".mention") : null;
    const status = document.getElementById("label-status");
    if (!card || !status) return;
    const text = status.dataset.failed;
    status.textContent = text;
    let note = card.querySelector(".fix-failed");
    if (!note) {
      note = document.createElement("span");
      note.className = "field-error fix-failed";
      card.querySelector(".mention-fix").appendChild(note);
    }
    note.textContent = text;
  }
  document.addEventListener("htmx:responseError", report);
  document.addEventListener("htmx:sendError", report);
})();
