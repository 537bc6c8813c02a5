// Warn before leaving a page whose form has changes that are not saved yet.
// A form re-shown after a failed save starts out dirty: what was typed is not saved.
document.querySelectorAll("form[data-warn-unsaved]").forEach((form) => {
  let dirty = form.dataset.warnUnsaved === "dirty";
  const markDirty = () => { dirty = true; };
  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);
  form.addEventListener("submit", () => { dirty = false; });
  // A form that saves itself in the background says so when all it holds is saved.
  form.addEventListener("saved", () => { dirty = false; });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
});
