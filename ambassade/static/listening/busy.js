// Forms marked data-busy="…": once sent, their button says the work is under way (an import can take a
// minute) and a second click does not send the file twice.
document.addEventListener("submit", (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-busy")) return;
  const button = form.querySelector('button[type="submit"], button:not([type])');
  if (!button) return;
  if (button.getAttribute("aria-busy") === "true") {
    event.preventDefault();
    return;
  }
  button.setAttribute("aria-busy", "true");
  button.textContent = form.dataset.busy;
  const status = form.querySelector("[data-busy-status]");
  if (status) status.textContent = form.dataset.busy;
});
