// The region's report form: progress, navigation, last year's answer, and saving in the
// background a few seconds after each change. Without this script the form still works:
// "Spara utkast" posts it and the page comes back.
//
// Each goal carries hidden inputs with its level and comment as last saved ("originals");
// the server writes only the goals whose input differs from them and reports a conflict for
// a goal that someone else changed meanwhile. After every save the originals are moved on to
// what is stored now, so the next save is again measured against it.
(() => {
  const form = document.querySelector("form[data-report-form]");
  if (!form) return;

  const AUTOSAVE_DELAY = 3000; // ms after the last change
  const RETRY_DELAY = 15000; // ms after a failed save
  const status = form.querySelector("[data-save-status]");
  const progress = form.querySelector("[data-progress]");
  const position = form.querySelector("input[name=position]");
  const cards = () => Array.from(form.querySelectorAll("[data-goal]"));
  const number = new Intl.NumberFormat("sv-SE");

  form.querySelectorAll("[data-needs-script]").forEach((element) => { element.hidden = false; });
  document.querySelectorAll("[data-focus-on-load]").forEach((element) => element.focus());

  // --- Reading and writing a goal's fields --------------------------------------------------

  const field = (card, suffix) => form.elements.namedItem(`g${card.dataset.goal}_${suffix}`);
  const levelGroups = (card) => Array.from(card.querySelectorAll(".level-choice"));

  function levelOf(card) {
    const letters = levelGroups(card).map((group) => {
      const checked = group.querySelector("input[type=radio]:checked");
      return checked ? checked.value : "";
    });
    if (!letters.some(Boolean)) return "";
    return letters.join("/") + (field(card, "unsure").checked ? "?" : "");
  }

  function setLevel(card, level) {
    const unsure = level.endsWith("?");
    const letters = level.replace("?", "").split("/").filter(Boolean);
    levelGroups(card).forEach((group, index) => {
      const wanted = letters[index] || "";
      group.querySelectorAll("input[type=radio]").forEach((radio) => {
        radio.checked = radio.value === wanted;
      });
    });
    field(card, "unsure").checked = unsure && letters.length > 0;
  }

  const commentOf = (card) => field(card, "comment").value.replace(/\r\n?/g, "\n").trim();
  const original = (card) => [field(card, "original_level").value, field(card, "original_comment").value.trim()];

  function setOriginal(card, [level, comment]) {
    field(card, "original_level").value = level;
    field(card, "original_comment").value = comment;
  }

  function setFields(card, [level, comment]) {
    setLevel(card, level);
    field(card, "comment").value = comment;
  }

  const cardOf = (goalId) => form.querySelector(`[data-goal="${goalId}"]`);

  // --- Progress and navigation --------------------------------------------------------------

  function updateProgress() {
    const here = cards().filter((card) => levelOf(card) !== "").length;
    const done = Number(progress.dataset.elsewhere) + here;
    progress.textContent = `${number.format(done)} av ${number.format(Number(progress.dataset.total))} bedömda`;
  }

  const jump = form.querySelector("[data-jump]");
  if (jump) {
    jump.addEventListener("change", () => {
      const heading = document.getElementById(jump.value);
      if (heading) {
        heading.scrollIntoView({ block: "start" });
        heading.focus({ preventScroll: true });
      }
    });
  }

  const onlyUnanswered = form.querySelector("[data-only-unanswered]");
  function filterAnswered() {
    const hide = onlyUnanswered && onlyUnanswered.checked;
    form.querySelectorAll(".report-form__area").forEach((heading) => {
      let next = heading.nextElementSibling;
      let anyShown = false;
      while (next && next.matches("[data-goal]")) {
        next.hidden = hide && levelOf(next) !== "";
        anyShown = anyShown || !next.hidden;
        next = next.nextElementSibling;
      }
      heading.hidden = hide && !anyShown;
    });
  }
  if (onlyUnanswered) onlyUnanswered.addEventListener("change", filterAnswered);

  // Links to a goal (the error summary, the conflicts) move focus into it, not just the view.
  document.querySelectorAll('a[href^="#mal-"]').forEach((link) => {
    link.addEventListener("click", (event) => {
      const card = document.getElementById(link.getAttribute("href").slice(1));
      const control = card && card.querySelector("input:not([type=hidden]), textarea");
      if (control) {
        event.preventDefault();
        card.hidden = false;
        card.scrollIntoView({ block: "center" });
        control.focus({ preventScroll: true });
      }
    });
  });

  // A focused control is never left under the sticky toolbar or action bar: the browser's own
  // scrolling on focus does not always honour scroll-padding for a control partly in view.
  const toolbar = form.querySelector(".report-toolbar");
  const actions = form.querySelector(".form-actions");
  const MARGIN = 12;
  form.addEventListener("focusin", (event) => {
    const card = event.target.closest("[data-goal]");
    if (!card) return;
    position.value = card.dataset.goal;
    const box = event.target.getBoundingClientRect();
    const top = toolbar.getBoundingClientRect().bottom + MARGIN;
    const bottom = actions.getBoundingClientRect().top - MARGIN;
    if (box.bottom > bottom) window.scrollBy(0, Math.min(box.bottom - bottom, box.top - top));
    else if (box.top < top) window.scrollBy(0, box.top - top);
  });

  // --- Last year's answer -------------------------------------------------------------------

  form.querySelectorAll("[data-copy-previous]").forEach((button) => {
    button.addEventListener("click", () => {
      const card = button.closest("[data-goal]");
      setFields(card, [card.dataset.previousLevel || "", card.dataset.previousComment || ""]);
      changed();
      say(`Förra årets nivå och kommentar är inkopierade i mål ${card.querySelector(".goal-ref").textContent}; du kan ändra dem.`);
    });
  });

  // --- Saving -------------------------------------------------------------------------------

  let timer = null;
  let saving = false;
  let again = false; // a change came while a save was on its way
  let stopped = false; // the report can no longer be saved (submitted or closed meanwhile)
  let generation = 0; // counts changes, so that a save knows whether it saved the latest

  function say(text, kind = "") {
    status.textContent = text;
    status.className = `report-toolbar__status${kind ? ` report-toolbar__status--${kind}` : ""}`;
  }

  function changed() {
    generation += 1;
    updateProgress();
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(save, AUTOSAVE_DELAY);
  }

  async function save() {
    clearTimeout(timer);
    if (stopped) return;
    if (saving) {
      again = true;
      return;
    }
    saving = true;
    const sent = generation;
    say("Sparar …");
    const body = new FormData(form);
    body.set("action", "save");
    try {
      // form.action would be the button named "action"
      const response = await fetch(form.getAttribute("action"), {
        method: "POST",
        body,
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      const answer = await response.json();
      handle(answer, sent);
    } catch (error) {
      say("Kunde inte spara just nu. Dina ändringar finns kvar i formuläret; ett nytt försök görs strax.", "error");
      timer = setTimeout(save, RETRY_DELAY);
    } finally {
      saving = false;
      if (again) {
        again = false;
        save();
      }
    }
  }

  function handle(answer, sent) {
    if (answer.status === "refused") {
      stopped = true;
      say(`Inte sparat: ${answer.message} Ladda om sidan.`, "error");
      return;
    }
    if (answer.status === "invalid") {
      const goals = answer.errors.map((error) => `mål ${error.number}: ${error.messages.join(" ")}`);
      say(`Inte sparat – rätta ${goals.join("; ")}`, "error");
      return;
    }
    Object.entries(answer.saved).forEach(([goalId, value]) => {
      const card = cardOf(goalId);
      if (card) setOriginal(card, value);
    });
    Object.entries(answer.changed_meanwhile).forEach(([goalId, value]) => {
      const card = cardOf(goalId);
      if (!card) return;
      const [level, comment] = original(card);
      if (levelOf(card) === level && commentOf(card) === comment) setFields(card, value);
      setOriginal(card, value);
    });
    settleResolved(answer.conflicts.map((conflict) => String(conflict.goal)));
    answer.conflicts.forEach(showConflict);
    updateProgress();
    if (answer.conflicts.length) {
      say(`Sparat ${answer.saved_at}, utom ${answer.conflicts.length} mål som någon annan också har ändrat: välj version i målet.`, "error");
    } else {
      say(`Sparat ${answer.saved_at}`, "ok");
    }
    if (sent === generation && !answer.conflicts.length) form.dispatchEvent(new Event("saved"));
  }

  // A conflict the person has decided no longer needs its panel once the server agrees.
  function settleResolved(stillConflicting) {
    form.querySelectorAll("[data-conflict]").forEach((panel) => {
      const card = panel.closest("[data-goal]");
      const choice = panel.querySelector("[data-resolve]:checked");
      if (!choice || stillConflicting.includes(card.dataset.goal)) return;
      if (choice.value === "theirs") setOriginal(card, [choice.dataset.theirsLevel, choice.dataset.theirsComment]);
      panel.remove();
      card.classList.remove("goal-card--conflict");
    });
  }

  function showConflict({ goal, html }) {
    const card = cardOf(goal);
    if (!card) return;
    const existing = card.querySelector("[data-conflict]");
    const template = document.createElement("template");
    template.innerHTML = html.trim();
    const panel = template.content.firstElementChild;
    if (existing) existing.replaceWith(panel);
    else card.querySelector(".goal-card__levels").before(panel);
    card.classList.add("goal-card--conflict");
  }

  // Choosing the saved version puts it in the fields; either choice is then saved.
  form.addEventListener("change", (event) => {
    const choice = event.target.closest("[data-resolve]");
    if (choice && choice.value === "theirs") {
      setFields(choice.closest("[data-goal]"), [choice.dataset.theirsLevel, choice.dataset.theirsComment]);
    }
  });

  form.addEventListener("input", (event) => {
    if (!event.target.closest(".report-toolbar")) changed();
  });
  form.addEventListener("change", (event) => {
    if (!event.target.closest(".report-toolbar") && event.target.type !== "textarea") changed();
  });

  // "Spara utkast" saves in place: the person stays where they were.
  form.querySelector("[data-save]").addEventListener("click", (event) => {
    event.preventDefault();
    save();
  });

  const note = form.querySelector("[data-autosave-note]");
  if (note) note.textContent = "Utkastet sparas av sig självt medan du skriver.";
  updateProgress();
})();
