// Under every text box with a maximum: how many characters are used of how many. Screen
// readers hear it only when the text comes close to the limit, not on every keystroke.
const NEAR_LIMIT = 0.9;
const number = new Intl.NumberFormat("sv-SE");

document.querySelectorAll("textarea[maxlength]").forEach((textarea) => {
  const limit = Number(textarea.getAttribute("maxlength"));
  const counter = document.createElement("p");
  counter.className = "char-counter";
  counter.id = `${textarea.id || textarea.name}-counter`;
  textarea.after(counter);
  const described = textarea.getAttribute("aria-describedby");
  textarea.setAttribute("aria-describedby", described ? `${described} ${counter.id}` : counter.id);

  const update = () => {
    const used = textarea.value.length;
    const near = used >= limit * NEAR_LIMIT;
    counter.textContent = `${number.format(used)} av ${number.format(limit)} tecken`;
    counter.classList.toggle("char-counter--near", near);
    if (near) {
      counter.setAttribute("aria-live", "polite");
    } else {
      counter.removeAttribute("aria-live");
    }
  };
  textarea.addEventListener("input", update);
  update();
});
