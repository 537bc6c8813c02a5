// The page that follows a PDF being made asks in the background how far the file has come
// and shows the answer in place, where the live region announces it. It does not reload
// itself on a timer, which would take the reader's place and focus away (WCAG 2.2.1).
// When the file is ready the browser goes to it, which downloads it.
const INTERVAL_MS = 2000;
const progress = document.querySelector(".rendering[data-wait-url]");

const follow = async () => {
  let next;
  try {
    const response = await fetch(progress.dataset.waitUrl, { headers: { Accept: "text/html" } });
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    next = page.querySelector(".rendering[data-state]");
  } catch {
    next = undefined; // the network was away for a moment: ask again
  }
  if (next === null) return; // not the progress page (signed out, say): leave it as it is
  if (next && next.innerHTML !== progress.innerHTML) progress.innerHTML = next.innerHTML;
  const state = next ? next.dataset.state : progress.dataset.state;
  progress.dataset.state = state;
  if (state === "ready") {
    window.location.assign(progress.dataset.fileUrl);
  } else if (state !== "failed") {
    setTimeout(follow, INTERVAL_MS);
  }
};

if (progress) setTimeout(follow, INTERVAL_MS);
