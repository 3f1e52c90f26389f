// A conversation: a canned answer fills the answer box; the network's reply dialog gets the text (where
// the network takes it); "copy the text" puts the answer on the clipboard.
(function () {
  const body = document.querySelector("#reply-form textarea[name=body]");
  const select = document.getElementById("canned-select");
  const source = document.getElementById("canned-answers");
  if (body && select && source) {
    const answers = JSON.parse(source.textContent);
    const apply = () => {
      const answer = answers.find((item) => String(item.id) === select.value);
      if (answer) {
        body.value = answer.body;
        body.dispatchEvent(new Event("input"));
      }
    };
    select.addEventListener("change", apply);
    if (select.value && !body.value) apply(); // chosen before this script ran

  }
  const network = document.getElementById("network-reply");
  if (body && network) {
    const base = new URL(network.href);
    const handle = network.dataset.handle;
    const update = () => {
      if (!base.searchParams.has("text")) return; // Mastodon's dialog takes no text
      const url = new URL(base.href);
      const prefix = base.hostname === "bsky.app" && handle ? "@" + handle + " " : "";
      url.searchParams.set("text", prefix + body.value);
      network.href = url.href;
    };
    body.addEventListener("input", update);
    update();
  }
  const copy = document.getElementById("copy-answer");
  if (body && copy) {
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(body.value);
        copy.textContent = copy.dataset.done;
      } catch (error) {
        body.select();
      }
    });
  }
})();
