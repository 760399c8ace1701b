// Embeds and galleries in a story.
//
// An embed is a card made from this site's snapshot; the provider's player (an iframe,
// or the provider's markup and script) is made only when the reader asks for it, or
// when the card scrolls into view if the editor chose so. The page's Content Security
// Policy allows exactly the providers it embeds: a card added later (a live entry) whose
// provider the page does not allow opens the post instead.
//
// A gallery is swiped natively (scroll snap); the buttons step through it, the counter
// follows, and "Layar penuh" shows the same photos with their captions and credits in a
// full-screen dialog (Esc or the close button leaves it).
"use strict";
(function () {
  const allowed = ((document.querySelector("[data-embeds]") || document.body).dataset.embeds || "").split(" ").filter(Boolean);
  const loadedScripts = {};

  function play(card) {
    if (card.classList.contains("embed--playing")) return true;
    if (allowed.indexOf(card.dataset.embedProvider) === -1) return false;
    const box = card.querySelector(".embed__box");
    const title = card.querySelector(".embed__title");
    if (card.dataset.frame) {
      const frame = document.createElement("iframe");
      frame.src = card.dataset.frame;
      frame.title = title ? title.textContent : card.dataset.embedProvider;
      frame.allow = "autoplay; encrypted-media; picture-in-picture; fullscreen";
      frame.allowFullscreen = true;
      frame.referrerPolicy = "strict-origin-when-cross-origin";
      frame.className = "embed__frame";
      box.replaceChildren(frame);
    } else if (card.dataset.script) {
      const template = card.querySelector("template.embed__markup");
      if (!template) return false;
      box.replaceChildren(template.content.cloneNode(true));
      box.classList.add("embed__box--widget");
      const src = card.dataset.script;
      if (!loadedScripts[src]) {
        const script = document.createElement("script");
        script.src = src;
        script.async = true;
        loadedScripts[src] = script;
        document.body.appendChild(script);
      } else if (window.instgrm && window.instgrm.Embeds) {
        window.instgrm.Embeds.process();
      } else if (window.twttr && window.twttr.widgets) {
        window.twttr.widgets.load(box);
      }
    } else {
      return false;
    }
    card.classList.add("embed--playing");
    return true;
  }

  document.addEventListener("click", function (event) {
    const action = event.target.closest("[data-embed-load]");
    if (!action) return;
    const card = action.closest(".embed");
    if (card && play(card)) event.preventDefault();
  });

  const onView = document.querySelectorAll(".embed[data-load='visible']");
  if (onView.length && "IntersectionObserver" in window) {
    const watcher = new IntersectionObserver(function (seen) {
      seen.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watcher.unobserve(entry.target);
        play(entry.target);
      });
    }, { rootMargin: "200px 0px" });
    onView.forEach(function (card) { watcher.observe(card); });
  }

  // -- galleries ----------------------------------------------------------------------
  function setUp(gallery, start) {
    const track = gallery.querySelector(".gallery__track");
    const slides = Array.from(track.children);
    const counter = gallery.querySelector(".gallery__count");
    const prev = gallery.querySelector(".gallery__prev");
    const next = gallery.querySelector(".gallery__next");
    const full = gallery.querySelector(".gallery__full");
    let current = 0;

    function show(index) {
      current = Math.max(0, Math.min(slides.length - 1, index));
      counter.textContent = (current + 1) + " / " + slides.length;
      prev.disabled = current === 0;
      next.disabled = current === slides.length - 1;
    }
    function go(index) {
      show(index);
      track.scrollTo({ left: current * track.clientWidth, behavior: "smooth" });
    }
    let settling = null;
    function update() {  // after a swipe: the photo the track came to rest on
      clearTimeout(settling);
      settling = setTimeout(function () {
        show(Math.round(track.scrollLeft / (track.clientWidth || 1)));
      }, 80);
    }
    prev.hidden = next.hidden = false;
    prev.addEventListener("click", function () { go(current - 1); });
    next.addEventListener("click", function () { go(current + 1); });
    track.addEventListener("scroll", update, { passive: true });
    track.addEventListener("keydown", function (event) {
      if (event.key === "ArrowRight") { go(current + 1); event.preventDefault(); }
      if (event.key === "ArrowLeft") { go(current - 1); event.preventDefault(); }
    });
    if (full) {  // not in the full-screen view itself
      full.hidden = false;
      full.addEventListener("click", function () { fullScreen(gallery, current); });
    }
    show(start || 0);
    if (start) track.scrollTo({ left: start * track.clientWidth, behavior: "instant" });
  }

  function fullScreen(gallery, start) {
    const dialog = document.createElement("dialog");
    dialog.className = "gallery-full";
    dialog.setAttribute("aria-label", gallery.getAttribute("aria-label") || "");
    const close = document.createElement("button");
    close.type = "button";
    close.className = "gallery-full__close";
    close.textContent = document.documentElement.lang === "en" ? "Close" : "Tutup";
    const copy = gallery.cloneNode(true);
    copy.classList.add("gallery--full");
    copy.querySelectorAll("img").forEach(function (img) {
      img.loading = "eager";
      img.sizes = "100vw";
    });
    copy.querySelectorAll("source").forEach(function (source) { source.sizes = "100vw"; });
    copy.querySelectorAll("[id]").forEach(function (element) { element.removeAttribute("id"); });
    copy.querySelector(".gallery__full").remove();
    dialog.append(close, copy);
    document.body.appendChild(dialog);
    close.addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("close", function () { dialog.remove(); });
    dialog.showModal();
    setUp(copy, start);
    copy.querySelector(".gallery__track").focus();
  }

  document.querySelectorAll(".gallery").forEach(function (gallery) {
    if (!gallery.closest(".gallery-full")) setUp(gallery);
  });
})();
