/* The content item form: a live counter per suggested text (counted as each network counts, the
   ambassador's link included), adding text rows, and showing the job or the address by kind.
   The server checks again and refuses over-long texts: this is only a guide while typing. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("counter-config").textContent);
  const segmenter = "Segmenter" in Intl ? new Intl.Segmenter(undefined, { granularity: "grapheme" }) : null;
  const TLDS = "com|org|net|fr|eu|io|be|ch|de|uk|es|it|info|jobs|app|dev|co|me|gouv\\.fr";
  const URL_ANY = new RegExp(
    "https?://[^\\s<>\"]+|\\bwww\\.[^\\s<>\"]+|\\b(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\\.)+(?:" + TLDS + ")\\b(?:/[^\\s<>\"]*)?",
    "gi"
  );
  const URL_SCHEME = /https?:\/\/[^\s<>"]+/gi;
  const MENTION = /(?<![\w@])@(\w+)@[\w.-]+\w/g;
  const TRAILING = /[.,;:!?)\]}'"»]+$/;

  function replaceUrls(text, pattern) {
    return text.replace(pattern, function (url) {
      const tail = url.match(TRAILING);
      return "x".repeat(config.url_length) + (tail ? tail[0] : "");
    });
  }
  function graphemes(text) {
    return segmenter ? Array.from(segmenter.segment(text), function (s) { return s.segment; }) : Array.from(text);
  }
  function isEmoji(cluster) {
    return cluster.indexOf("\ufe0f") >= 0 || Array.from(cluster).some(function (c) {
      const p = c.codePointAt(0);
      return p >= 0x1f000 || (p >= 0x2600 && p <= 0x27bf);
    });
  }
  function xWeighted(text) {
    let total = 0;
    graphemes(text).forEach(function (cluster) {
      if (isEmoji(cluster)) { total += 2; return; }
      Array.from(cluster).forEach(function (c) {
        const p = c.codePointAt(0);
        const light = p <= 0x10ff || (p >= 0x2000 && p <= 0x200d) || (p >= 0x2010 && p <= 0x201f) || (p >= 0x2032 && p <= 0x2037);
        total += light ? 1 : 2;
      });
    });
    return total;
  }
  function measure(network, text) {
    text = text.replace(/\r\n/g, "\n").trim().normalize("NFC");
    if (network === "x") return xWeighted(replaceUrls(text, URL_ANY)) + 1 + config.url_length;
    if (network === "mastodon") return graphemes(replaceUrls(text, URL_SCHEME).replace(MENTION, "@$1")).length + 1 + config.url_length;
    if (network === "bluesky") return graphemes(text).length + 1 + config.link_length;
    return Array.from(text).length;
  }
  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_, key) { return values[key]; });
  }
  function update(row) {
    const select = row.querySelector("select[name$='-network']");
    const area = row.querySelector("textarea");
    const out = row.querySelector(".counter");
    if (!select || !area || !out) return;
    const network = select.value;
    const label = select.options[select.selectedIndex] ? select.options[select.selectedIndex].text : network;
    const limit = config.limits[network];
    if (!area.value.trim()) { out.textContent = ""; out.classList.remove("over"); return; }
    const length = measure(network, area.value);
    if (limit === null || limit === undefined) {
      out.textContent = fill(config.words.free, { length: length, network: label });
      out.classList.remove("over");
      return;
    }
    let text = fill(config.words.of, { length: length, limit: limit, network: label });
    if (length > limit) text += " — " + fill(config.words.over, { network: label });
    out.textContent = text;
    out.classList.toggle("over", length > limit);
  }
  function watch(row) {
    row.addEventListener("input", function () { update(row); });
    row.addEventListener("change", function () { update(row); });
    update(row);
  }
  document.querySelectorAll(".text-row").forEach(watch);

  const add = document.getElementById("text-add");
  const template = document.getElementById("text-row-template");
  const rows = document.getElementById("text-rows");
  const total = document.querySelector("input[name='texts-TOTAL_FORMS']");
  if (add && template && rows && total) {
    add.addEventListener("click", function () {
      const index = parseInt(total.value, 10);
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      const row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      watch(row);
      const area = row.querySelector("textarea");
      if (area) area.focus();
    });
  }

  const kind = document.getElementById("id_kind");
  function showTarget() {
    const job = document.getElementById("field-job");
    const url = document.getElementById("field-target_url");
    if (!kind || !job || !url) return;
    job.hidden = kind.value !== "job";
    url.hidden = kind.value === "job";
  }
  if (kind) { kind.addEventListener("change", showTarget); showTarget(); }
})();
