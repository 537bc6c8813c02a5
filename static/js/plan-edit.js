// The plan's edit view: say in its live region what a change did (the server names it in an
// HX-Trigger "plan-edited") or why it failed, since a swapped row says nothing by itself.
(function () {
  "use strict";
  var status = document.getElementById("edit-status");
  if (!status) return;

  function say(text, isError) {
    status.classList.toggle("edit-status--error", Boolean(isError));
    // Emptied first, so that the same words twice are announced twice.
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  document.body.addEventListener("plan-edited", function (event) {
    say(event.detail.value, false);
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    var code = event.detail.xhr.status;
    say(
      code === 403 || code === 404
        ? "Ändringen gick inte att göra: raden finns inte längre eller du saknar behörighet. Ladda om sidan."
        : "Något gick fel, ändringen är inte sparad. Ladda om sidan och försök igen.",
      true
    );
  });
  document.body.addEventListener("htmx:sendError", function () {
    say("Ingen kontakt med servern. Ändringen är inte sparad; försök igen.", true);
  });
})();
