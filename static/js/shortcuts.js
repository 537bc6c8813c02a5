// Alt+Shift+N and Alt+Shift+P follow the page's next and previous links (data-shortcut),
// so that a coordinator goes from goal to goal without reaching for the mouse. With a
// modifier, they never fire while typing (WCAG 2.1.4).
document.addEventListener("keydown", (event) => {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
  const key = event.code === "KeyN" ? "next" : event.code === "KeyP" ? "previous" : null;
  const link = key && document.querySelector(`a[data-shortcut="${key}"]`);
  if (link) {
    event.preventDefault();
    link.click();
  }
});
