// Newsroom article form: tells the server this editor still has the article open,
// and shows who else is editing it ("sedang disunting oleh ...").
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const panel = document.querySelector(".nr-panels[data-presence-url]");
  if (!panel) return;
  const url = panel.dataset.presenceUrl;
  const seconds = parseInt(panel.dataset.heartbeat, 10) || 30;
  const notice = panel.querySelector(".nr-notice--presence");
  const names = panel.querySelector(".nr-presence-names");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function beat() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        names.textContent = data.others.join(", ");
        notice.hidden = data.others.length === 0;
      })
      .catch(() => {});
  }

  window.setInterval(beat, seconds * 1000);
  window.addEventListener("pagehide", function () {
    if (!csrf || !navigator.sendBeacon) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf.value);
    body.append("leave", "1");
    navigator.sendBeacon(url, body);
  });
});

// Live character counters: Google shows about 110 characters of a headline.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("[data-counter]").forEach(function (field) {
    const limit = parseInt(field.dataset.counter, 10);
    const counter = document.createElement("span");
    counter.className = "nr-counter";
    counter.setAttribute("aria-live", "polite");
    counter.id = field.id + "-counter";
    field.setAttribute("aria-describedby", [field.getAttribute("aria-describedby"), counter.id].filter(Boolean).join(" "));
    field.insertAdjacentElement("afterend", counter);
    function update() {
      const length = field.value.length;
      counter.textContent = length + " / " + limit;
      counter.classList.toggle("nr-counter--over", length > limit);
    }
    field.addEventListener("input", update);
    update();
  });
});

// Region suggestion from the dateline and the text, beside the region field.
document.addEventListener("DOMContentLoaded", function () {
  const select = document.querySelector("select[data-suggest-url]");
  if (!select) return;
  const row = select.closest(".form-row") || select.parentElement;
  const box = document.createElement("div");
  box.className = "nr-suggestion";
  box.setAttribute("aria-live", "polite");
  const ask = document.createElement("button");
  ask.type = "button";
  ask.className = "button";
  ask.textContent = document.documentElement.lang === "en" ? "Suggest region" : "Sarankan wilayah";
  const answer = document.createElement("span");
  box.append(ask, answer);
  row.appendChild(box);

  function value(id) {
    const field = document.getElementById(id);
    return field ? field.value : "";
  }

  function suggest() {
    const body = new FormData();
    body.append("dateline", value("id_dateline_place"));
    body.append("text", [value("id_headline"), value("id_summary"), value("id_body")].join("\n"));
    body.append("csrfmiddlewaretoken", document.querySelector("input[name=csrfmiddlewaretoken]").value);
    fetch(select.dataset.suggestUrl, { method: "POST", body: body, credentials: "same-origin" })
      .then((response) => response.json())
      .then(function (data) {
        answer.textContent = "";
        if (!data.id) {
          answer.textContent = " " + (data.reason || "");
          return;
        }
        const label = document.createElement("strong");
        label.className = "nr-suggestion__region";
        label.textContent = " " + data.text;
        const use = document.createElement("button");
        use.type = "button";
        use.className = "button nr-suggestion__use";
        use.textContent = document.documentElement.lang === "en" ? "Use" : "Pakai";
        use.addEventListener("click", function () {
          const $ = window.django && window.django.jQuery;
          const option = new Option(data.text, data.id, true, true);
          select.append(option);
          if ($) $(select).trigger("change");
        });
        const why = document.createElement("span");
        why.textContent = " (" + data.reason + ")";
        answer.append(label, why, use);
      })
      .catch(function () {});
  }

  ask.addEventListener("click", suggest);
  const dateline = document.getElementById("id_dateline_place");
  if (dateline) dateline.addEventListener("change", suggest);
});

// Accessible names for widgets that arrive without one: the rich-text editor, the
// autocomplete boxes (select2), and the empty header cells of inline tables.
document.addEventListener("DOMContentLoaded", function () {
  function labelFor(element) {
    const row = element.closest(".form-row, .fieldBox, td");
    const label = row && row.querySelector("label");
    return label ? label.textContent.replace(/[:*]\s*$/, "").trim() : "";
  }

  function name(root) {
    root.querySelectorAll(".prose-editor [contenteditable=true]:not([aria-label])").forEach(function (editor) {
      editor.setAttribute("aria-label", labelFor(editor) || "Isi");
      editor.setAttribute("aria-multiline", "true");
    });
    root.querySelectorAll(".select2-selection[role=combobox]:not([aria-label]), .select2-selection__rendered[role=textbox]:not([aria-label])").forEach(function (box) {
      const text = labelFor(box);
      if (text) box.setAttribute("aria-label", text);
    });
    root.querySelectorAll(".select2-search__field:not([aria-label])").forEach(function (field) {
      field.setAttribute("aria-label", labelFor(field) || "Cari");
    });
    root.querySelectorAll(".inline-group thead th:empty").forEach(function (cell) {
      const hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = document.documentElement.lang === "en" ? "Item" : "Butir";
      cell.appendChild(hidden);
    });
  }

  name(document);
  new MutationObserver(function () {
    name(document);
  }).observe(document.body, { childList: true, subtree: true });
});

// Pasted desk copy: "CILEGON, beritaindonesianet – ... (str)" pasted into the body has its
// dateline and closing initials moved to their own fields at once (they are printed from
// there; left in the body they would print twice), with a notice and a one-click undo.
// The server applies the same rule on every save (articles/datelines.py:lift_desk_copy)
// unless the editor undid it here (keep_as_typed).
document.addEventListener("prose-editor:ready", function (event) {
  const editor = event.detail.editor;
  const textarea = event.detail.textarea;
  const place = document.getElementById("id_dateline_place");
  const signoff = document.getElementById("id_signoff");
  const keep = document.getElementById("id_keep_as_typed");
  if (!textarea || textarea.name !== "body" || !place) return;
  const english = document.documentElement.lang === "en";
  const dashes = "–—-";
  const opening = new RegExp(
    "^<p>\\s*(<(?:strong|b)>)?\\s*(?:([A-Z][A-Z.'’ ]{0,38}[A-Z.])\\s*(?:,\\s*[^\\s,<" + dashes +
      "][^,<" + dashes + "]{0,40}?)?|([A-Z][A-Za-z.'’ ]{0,38}[A-Za-z.])\\s*\\([A-Z][A-Z.]{1,20}\\))\\s*[" +
      dashes + "]\\s*",
  );
  const closing = /\s*(<(?:strong|b)>)?\s*\(([A-Za-z]{1,6}(?:\/[A-Za-z]{1,6})*)\)\s*(<\/(?:strong|b)>)?\s*<\/p>\s*$/;

  function lift() {
    if (keep && keep.value === "True") return;
    let html = editor.getHTML();
    const before = { html: html, place: place.value, signoff: signoff ? signoff.value : "" };
    let found = "";
    let initials = "";
    const open = html.match(opening);
    if (open && (!open[1] || html.slice(open[0].length).match(/^\s*<\/(?:strong|b)>/))) {
      found = (open[2] || open[3]).trim().toUpperCase();
      html = "<p>" + html.slice(open[0].length).replace(/^\s*<\/(?:strong|b)>\s*/, "");
    }
    const close = html.match(closing);
    if (close && signoff) {
      initials = close[2];
      html = html.slice(0, close.index) + "</p>";
    }
    if (!found && !initials) return;
    editor.commands.setContent(html.replace(/<p><\/p>/g, ""), true);
    if (found) {
      place.value = found;
      place.dispatchEvent(new Event("change", { bubbles: true })); // suggests the region
    }
    if (initials) signoff.value = initials;
    notify(found, initials, before);
  }

  function notify(found, initials, before) {
    let notice = document.querySelector(".nr-lifted");
    if (!notice) {
      notice = document.createElement("p");
      notice.className = "nr-notice nr-lifted";
      notice.setAttribute("role", "status");
      textarea.closest(".form-row, .field-body, div").before(notice);
    }
    const parts = [];
    if (found) parts.push("Dateline “" + found + "”");
    if (initials) parts.push((english ? "initials “(" : "inisial “(") + initials + ")”");
    const text = document.createElement("span");
    text.textContent =
      parts.join(english ? " and " : " dan ") +
      (english
        ? " moved to its own field, so it is not printed twice. "
        : " dipindahkan ke kolomnya sendiri agar tidak tercetak dua kali. ");
    const undo = document.createElement("button");
    undo.type = "button";
    undo.className = "button nr-lifted__undo";
    undo.textContent = english ? "Undo" : "Urungkan";
    undo.addEventListener("click", function () {
      if (keep) keep.value = "True";
      editor.commands.setContent(before.html, true);
      place.value = before.place;
      if (signoff) signoff.value = before.signoff;
      notice.remove();
    });
    notice.replaceChildren(text, undo);
  }

  editor.view.dom.addEventListener("paste", function () {
    window.setTimeout(lift, 0);
  });
  editor.on("blur", lift);
});

// Autosave: what the editor types is kept on the server every few seconds of typing and
// when the page is left (articles/autosave.py), never as a save or a revision. Reopening
// offers it back; restoring puts it in the form under the version it started from, so
// the stale-save rule still refuses to overwrite someone else's save. Ctrl/Cmd+S saves;
// leaving with unsaved changes asks first.
(function () {
  const KEPT = ["headline", "summary", "body", "dateline_place", "signoff", "workflow_note"];
  const english = document.documentElement.lang === "en";
  let bodyEditor = null;
  let dirty = false;
  let submitting = false;
  let timer = null;

  document.addEventListener("prose-editor:ready", function (event) {
    if (event.detail.textarea.name !== "body") return;
    bodyEditor = event.detail.editor;
    bodyEditor.on("update", changed);
  });

  function form() {
    return document.querySelector("#article_form");
  }
  function config() {
    return document.querySelector(".nr-autosave-config");
  }

  function payload() {
    const data = new FormData();
    const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (csrf) data.append("csrfmiddlewaretoken", csrf.value);
    KEPT.forEach(function (name) {
      const field = form().elements[name];
      if (field) data.append(name, name === "body" && bodyEditor ? bodyEditor.getHTML() : field.value);
    });
    const version = form().elements.lock_version;
    if (version) data.append("lock_version", version.value);
    return data;
  }

  function status(text) {
    let line = document.querySelector(".nr-autosave-status");
    if (!line) {
      line = document.createElement("p");
      line.className = "nr-autosave-status help";
      line.setAttribute("aria-live", "polite");
      const panel = document.querySelector(".nr-actions") || document.querySelector(".submit-row");
      if (panel) panel.append(line);
    }
    line.textContent = text;
  }

  function send() {
    timer = null;
    if (!dirty || !config()) return;
    fetch(config().dataset.url, { method: "POST", body: payload(), credentials: "same-origin" })
      .then((response) => (response.ok ? response.json() : null))
      .then(function (answer) {
        if (!answer) return;
        status((english ? "Kept automatically at " : "Ketikan tersimpan otomatis ") + answer.saved_at);
      })
      .catch(function () {
        status(english ? "Not kept automatically: no connection." : "Ketikan belum tersimpan otomatis: koneksi terputus.");
      });
  }

  function changed() {
    dirty = true;
    if (!timer) timer = window.setTimeout(send, 3000);
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!form()) return;
    form().addEventListener("input", function (event) {
      if (KEPT.includes(event.target.name)) changed();
      else dirty = true;
    });
    form().addEventListener("submit", function () {
      submitting = true;
    });
    window.addEventListener("pagehide", function () {
      if (dirty && !submitting && config() && navigator.sendBeacon) {
        navigator.sendBeacon(config().dataset.url, payload());
      }
    });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) event.preventDefault();
    });
    document.addEventListener("keydown", function (event) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        const save = form().querySelector("[name=_continue]") || form().querySelector("[type=submit]");
        if (save) save.click();
      }
    });

    const offer = document.querySelector(".nr-autosave-offer");
    if (!offer) return;
    offer.querySelector(".nr-autosave-dismiss").addEventListener("click", function () {
      offer.remove();
    });
    offer.querySelector(".nr-autosave-restore").addEventListener("click", function () {
      const fields = JSON.parse(document.getElementById("nr-autosave-fields").textContent);
      Object.entries(fields).forEach(function ([name, value]) {
        if (name === "body" && bodyEditor) {
          bodyEditor.commands.setContent(value, true);
        } else if (form().elements[name]) {
          form().elements[name].value = value;
          form().elements[name].dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
      const version = form().elements.lock_version;
      if (version && offer.dataset.baseVersion) version.value = offer.dataset.baseVersion;
      offer.remove();
      dirty = true;
      status(english ? "Restored. Save to keep it in the story." : "Dipulihkan. Simpan agar masuk ke artikel.");
    });
  });
})();

// Word count and reading time under the story; the primary action's label follows the
// publish time ("Jadwalkan Kamis 14.00 WIB" for a time to come, else "Terbitkan").
document.addEventListener("prose-editor:ready", function (event) {
  if (event.detail.textarea.name !== "body") return;
  const editor = event.detail.editor;
  const line = document.querySelector(".nr-words");
  if (!line) return;
  const english = document.documentElement.lang === "en";
  function count() {
    const words = (editor.getText().match(/\S+/g) || []).length;
    const minutes = Math.max(1, Math.round(words / 200));
    line.textContent = english
      ? words + " words · " + minutes + " min read"
      : words + " kata · " + minutes + " menit baca";
  }
  editor.on("update", count);
  count();
});

document.addEventListener("DOMContentLoaded", function () {
  const primary = document.querySelector(".nr-primary[value=publish]");
  const day = document.getElementById("id_published_at_0");
  const time = document.getElementById("id_published_at_1");
  if (!primary || !day || !time) return;
  const lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  function relabel() {
    const date = day.value.match(/^(\d{1,2})-(\d{1,2})-(\d{4})$/);
    const clock = (time.value || "00:00:00").match(/^(\d{1,2})[:.](\d{2})/);
    if (!date || !clock) {
      primary.textContent = primary.dataset.publishLabel;
      return;
    }
    const pad = (n) => String(n).padStart(2, "0");
    const moment = new Date(
      `${date[3]}-${pad(date[2])}-${pad(date[1])}T${pad(clock[1])}:${clock[2]}:00+07:00`,
    );
    if (isNaN(moment) || moment <= new Date()) {
      primary.textContent = primary.dataset.publishLabel;
      return;
    }
    const weekday = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "Asia/Jakarta" }).format(moment);
    primary.textContent = `${primary.dataset.scheduleLabel} ${weekday} ${pad(clock[1])}.${clock[2]} WIB`;
  }
  [day, time].forEach((field) => {
    field.addEventListener("input", relabel);
    field.addEventListener("change", relabel);
  });
  relabel();
});

// The article list's region filter: type a province, regency or city, pick it, go.
document.addEventListener("DOMContentLoaded", function () {
  const field = document.getElementById("nr-region-filter");
  const list = document.getElementById("nr-region-choices");
  if (!field || !list) return;
  field.addEventListener("change", function () {
    const chosen = Array.from(list.options).find((option) => option.value === field.value);
    if (chosen) window.location.search = chosen.dataset.href;
  });
});
