// Live coverage: asks for the newest entries every few seconds (the answer comes from
// the page cache, revalidated with its ETag), and shows new ones at the top. A reader
// who has scrolled into the entries gets a button "N pembaruan baru" instead of a jump.
"use strict";
(function () {
  const section = document.querySelector(".live[data-updates-url]");
  if (!section || !window.fetch) return;
  const list = section.querySelector(".live__entries");
  const notice = section.querySelector(".live__new");
  const button = notice.querySelector("button");
  const lang = document.documentElement.lang || "id";
  let waiting = [];
  const EVERY = 1000 * Math.max(1, Number(section.dataset.pollSeconds) || 15);

  function known(id) {
    return document.getElementById("entri-" + id) !== null;
  }

  function show(entries) {
    // Newest first in the answer: inserted oldest first, each at the top.
    const holder = document.createElement("div");
    entries.slice().reverse().forEach(function (entry) {
      if (known(entry.id)) return;
      holder.innerHTML = entry.html;
      const element = holder.firstElementChild;
      if (element) list.insertBefore(element, list.firstElementChild);
    });
  }

  function label(count) {
    if (lang.startsWith("en")) return count === 1 ? "1 new update" : count + " new updates";
    return count + " pembaruan baru";
  }

  function readerIsBelowTheTop() {
    return list.getBoundingClientRect().top < 0;
  }

  function poll() {
    fetch(section.dataset.updatesUrl, { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) return;
        const fresh = data.entries.filter(function (entry) {
          return !known(entry.id) && !waiting.some(function (w) { return w.id === entry.id; });
        });
        if (fresh.length) {
          if (readerIsBelowTheTop()) {
            waiting = fresh.concat(waiting);
            button.textContent = label(waiting.length);
            notice.hidden = false;
          } else {
            show(fresh);
          }
        }
        if (data.live) window.setTimeout(poll, EVERY);
      })
      .catch(function () { window.setTimeout(poll, EVERY * 2); });
  }

  button.addEventListener("click", function () {
    show(waiting);
    waiting = [];
    notice.hidden = true;
    section.scrollIntoView({ behavior: "smooth", block: "start" });
  });

  window.setTimeout(poll, EVERY);
})();
