// The story editor's blocks (django-prose-editor extensions, loaded as a module by the
// body field): an embed, made from a link pasted alone on an empty line or inserted from
// the toolbar, and a gallery of library photos built in a dialog. The server makes each
// block (blocks/admin.py) and the body keeps only its placeholder:
//   <figure data-embed="KEY" data-load="click"><a href="URL">Title</a></figure>
//   <figure data-gallery="KEY"><figcaption>Galeri: Title (3 foto)</figcaption></figure>
import { Node, Plugin, crel, gettext } from "django-prose-editor/editor"

const EMBED_URL = "/admin/blocks/embed/ambil/"
const PHOTOS_URL = "/admin/blocks/gallery/foto/"
const GALLERY_URL = "/admin/blocks/gallery/buat/"
const id = (() => { let n = 0; return (p) => `${p}-${++n}` })()

function csrfToken() {
  const field = document.querySelector("input[name=csrfmiddlewaretoken]")
  return field ? field.value : ""
}

async function ask(url, data) {
  const response = await fetch(url, {
    method: data === undefined ? "GET" : "POST",
    credentials: "same-origin",
    headers: {
      Accept: "application/json",
      "Content-Type": "application/json",
      "X-CSRFToken": csrfToken(),
    },
    body: data === undefined ? undefined : JSON.stringify(data),
  })
  let answer = null
  try {
    answer = await response.json()
  } catch (error) {
    answer = null
  }
  if (!response.ok || !answer) {
    throw new Error(
      (answer && answer.error) ||
        gettext("Server tidak menjawab. Periksa sambungan, lalu coba lagi."),
    )
  }
  return answer
}

function status(editor, text, isError) {
  const holder = editor.view.dom.closest(".prose-editor") || editor.view.dom.parentElement
  let line = holder.parentElement.querySelector(".blocks-status")
  if (!line) {
    line = crel("p", { className: "blocks-status", role: "status" })
    holder.after(line)
  }
  line.textContent = text
  line.classList.toggle("blocks-status--error", !!isError)
}

// A block goes where the caret is; a selected block (one just inserted) stays and the new
// one follows it.
function insertBlock(editor, node, range) {
  const { selection } = editor.state
  const at = range !== undefined ? range : selection.node ? selection.to : undefined
  const chain = editor.chain().focus()
  if (at !== undefined) chain.insertContentAt(at, node)
  else chain.insertContent(node)
  chain.run()
}

function card(kind, label, detail) {
  return crel("div", { className: `blocks-card blocks-card--${kind}`, contentEditable: "false" }, [
    crel("strong", { textContent: label }),
    crel("span", { textContent: detail }),
  ])
}

async function embedLink(editor, url, load, position) {
  status(editor, gettext("Mengambil embed…"))
  try {
    const embed = await ask(EMBED_URL, { url })
    const node = { type: "newsroomEmbed", attrs: { key: embed.key, url: embed.url, title: embed.title, load } }
    insertBlock(editor, node, position)
    status(editor, embed.problem
      ? `${gettext("Embed disisipkan tanpa cuplikan")}: ${embed.problem}`
      : `${gettext("Embed disisipkan")}: ${embed.provider_name} — ${embed.title || embed.url}`, !!embed.problem)
    return true
  } catch (error) {
    status(editor, error.message, true)
    return false
  }
}

function dialog(editor, title, body, submitText) {
  return new Promise((resolve) => {
    const error = crel("p", { className: "blocks-dialog__error", role: "alert" })
    const submit = crel("button", { type: "submit", textContent: submitText, className: "button default" })
    const cancel = crel("button", { type: "button", textContent: gettext("Batal"), className: "button" })
    const form = crel("form", { method: "dialog" }, [
      crel("h3", { className: "prose-editor-dialog-title", textContent: title }),
      ...body,
      error,
      crel("div", { className: "prose-editor-dialog-buttons" }, [submit, cancel]),
    ])
    const box = crel("dialog", { className: "prose-editor-dialog blocks-dialog" }, [form])
    editor.view.dom.parentElement.append(box)
    const close = (value) => { box.close(); box.remove(); resolve(value) }
    cancel.addEventListener("click", () => close(null))
    box.addEventListener("cancel", () => close(null))
    form.addEventListener("submit", (event) => {
      event.preventDefault()
      resolve({ form, error, close })
    })
    box.showModal()
  })
}

export const NewsroomEmbed = Node.create({
  name: "newsroomEmbed",
  priority: 1000, // its paste handler before the link's, which would make a link of it
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return { key: { default: null }, url: { default: "" }, title: { default: "" }, load: { default: "click" } }
  },

  parseHTML() {
    return [{
      tag: "figure[data-embed]",
      priority: 60,
      getAttrs: (element) => {
        const link = element.querySelector("a")
        return {
          key: element.getAttribute("data-embed"),
          load: element.getAttribute("data-load") === "visible" ? "visible" : "click",
          url: link ? link.getAttribute("href") : "",
          title: link ? link.textContent : "",
        }
      },
    }]
  },

  renderHTML({ node }) {
    return ["figure", { "data-embed": node.attrs.key, "data-load": node.attrs.load },
      ["a", { href: node.attrs.url }, node.attrs.title || node.attrs.url]]
  },

  addNodeView() {
    return ({ node }) => {
      const when = node.attrs.load === "visible"
        ? gettext("dimuat saat terlihat") : gettext("dimuat saat diklik pembaca")
      const dom = card("embed", `${gettext("Embed")} (${when})`, node.attrs.title || node.attrs.url)
      return { dom }
    }
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsroomEmbed",
      groups: "nodes",
      button: buttons.material("smart_display", gettext("Sisipkan embed (YouTube, Instagram, X, TikTok, Facebook, Vimeo)")),
      command: async (editor) => {
        const urlId = id("embed-url")
        const loadId = id("embed-load")
        const opened = await dialog(editor, gettext("Sisipkan embed"), [
          crel("div", { className: "prose-editor-dialog-field" }, [
            crel("label", { htmlFor: urlId, textContent: gettext("Tautan pos atau video") }),
            crel("input", { id: urlId, name: "url", type: "url", required: true, size: 50, placeholder: "https://www.youtube.com/watch?v=…" }),
          ]),
          crel("div", { className: "prose-editor-dialog-field" }, [
            crel("input", { id: loadId, name: "visible", type: "checkbox" }),
            crel("label", { htmlFor: loadId, textContent: gettext("Muat saat terlihat di layar (bukan hanya saat diklik)") }),
          ]),
        ], gettext("Sisipkan"))
        if (!opened) return
        const { form, error, close } = opened
        error.textContent = gettext("Mengambil embed…")
        try {
          const embed = await ask(EMBED_URL, { url: form.url.value.trim() })
          close(true)
          insertBlock(editor, {
            type: "newsroomEmbed",
            attrs: { key: embed.key, url: embed.url, title: embed.title, load: form.visible.checked ? "visible" : "click" },
          })
          if (embed.problem) status(editor, `${gettext("Embed disisipkan tanpa cuplikan")}: ${embed.problem}`, true)
        } catch (problem) {
          error.textContent = problem.message
        }
      },
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [new Plugin({
      props: {
        // A link pasted alone on an empty line becomes an embed when it is one.
        handlePaste(view, event) {
          const text = (event.clipboardData && event.clipboardData.getData("text/plain") || "").trim()
          if (!/^https?:\/\/\S+$/.test(text)) return false
          const { $from } = view.state.selection
          if ($from.parent.type.name !== "paragraph" || $from.parent.content.size) return false
          const position = $from.before()
          embedLink(editor, text, "click", { from: position, to: position + $from.parent.nodeSize })
            .then((done) => { if (!done) editor.chain().focus().insertContent(text).run() })
          return true
        },
      },
    })]
  },
})

export const NewsroomGallery = Node.create({
  name: "newsroomGallery",
  group: "block",
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return { key: { default: null }, caption: { default: "" } }
  },

  parseHTML() {
    return [{
      tag: "figure[data-gallery]",
      priority: 60,
      getAttrs: (element) => ({
        key: element.getAttribute("data-gallery"),
        caption: (element.querySelector("figcaption") || element).textContent.trim(),
      }),
    }]
  },

  renderHTML({ node }) {
    return ["figure", { "data-gallery": node.attrs.key }, ["figcaption", {}, node.attrs.caption]]
  },

  addNodeView() {
    return ({ node }) => ({ dom: card("gallery", gettext("Galeri foto"), node.attrs.caption) })
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "newsroomGallery",
      groups: "nodes",
      button: buttons.material("photo_library", gettext("Sisipkan galeri foto")),
      command: (editor) => buildGallery(editor),
    })
  },
})

async function buildGallery(editor) {
  const titleId = id("gallery-title")
  const searchId = id("gallery-search")
  const found = crel("ul", { className: "blocks-photos", "aria-label": gettext("Hasil pencarian foto") })
  const chosen = crel("ol", { className: "blocks-chosen", "aria-label": gettext("Foto galeri, berurutan") })
  const search = crel("input", { id: searchId, type: "search", placeholder: gettext("Cari keterangan, kredit, tag…"), size: 40 })
  const picked = []

  function renderChosen() {
    chosen.replaceChildren(...picked.map((photo, index) => {
      const caption = crel("input", { type: "text", value: photo.caption_override || "", placeholder: photo.caption || gettext("Keterangan"), "aria-label": `${gettext("Keterangan foto")} ${index + 1}` })
      const credit = crel("input", { type: "text", value: photo.credit_override || "", placeholder: photo.credit || gettext("Kredit"), "aria-label": `${gettext("Kredit foto")} ${index + 1}` })
      caption.addEventListener("input", () => { photo.caption_override = caption.value })
      credit.addEventListener("input", () => { photo.credit_override = credit.value })
      const move = (step) => () => {
        const to = index + step
        if (to < 0 || to >= picked.length) return
        picked.splice(to, 0, picked.splice(index, 1)[0])
        renderChosen()
      }
      const up = crel("button", { type: "button", textContent: "↑", title: gettext("Naikkan") })
      const down = crel("button", { type: "button", textContent: "↓", title: gettext("Turunkan") })
      const remove = crel("button", { type: "button", textContent: gettext("Buang"), className: "blocks-remove" })
      up.addEventListener("click", move(-1))
      down.addEventListener("click", move(1))
      remove.addEventListener("click", () => {
        const [gone] = picked.splice(index, 1)
        if (gone.button) gone.button.setAttribute("aria-pressed", "false")
        renderChosen()
      })
      return crel("li", { className: "blocks-chosen__item" }, [
        crel("img", { src: photo.thumb, alt: "", width: 80, height: 60 }),
        crel("div", {}, [caption, credit]),
        crel("div", { className: "blocks-chosen__tools" }, [up, down, remove]),
      ])
    }))
  }

  async function find() {
    try {
      const answer = await ask(`${PHOTOS_URL}?q=${encodeURIComponent(search.value.trim())}`)
      found.replaceChildren(...answer.results.map((photo) => {
        const add = crel("button", { type: "button", className: "blocks-photo", "aria-pressed": String(picked.some((p) => p.id === photo.id)) }, [
          crel("img", { src: photo.thumb, alt: "", width: 120, height: 90 }),
          crel("span", { textContent: photo.label }),
        ])
        add.addEventListener("click", () => {
          if (!picked.some((p) => p.id === photo.id)) picked.push({ ...photo, button: add })
          add.setAttribute("aria-pressed", "true")
          renderChosen()
        })
        return crel("li", {}, [add])
      }))
    } catch (problem) {
      found.replaceChildren(crel("li", { textContent: problem.message }))
    }
  }
  let timer = null
  search.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(find, 250) })
  search.addEventListener("keydown", (event) => { if (event.key === "Enter") { event.preventDefault(); find() } })
  find()

  const opened = await dialog(editor, gettext("Galeri foto"), [
    crel("div", { className: "prose-editor-dialog-field" }, [
      crel("label", { htmlFor: titleId, textContent: gettext("Judul galeri") }),
      crel("input", { id: titleId, name: "title", type: "text", required: true, size: 50, maxLength: 200 }),
    ]),
    crel("div", { className: "prose-editor-dialog-field" }, [
      crel("label", { htmlFor: searchId, textContent: gettext("Pilih foto dari perpustakaan") }),
      search,
    ]),
    found,
    crel("p", { className: "blocks-hint", textContent: gettext("Urutan, keterangan dan kredit (kosongkan untuk memakai yang di perpustakaan):") }),
    chosen,
  ], gettext("Sisipkan galeri"))
  if (!opened) return
  const { form, error, close } = opened
  const submit = async () => {
    error.textContent = gettext("Menyimpan galeri…")
    try {
      const gallery = await ask(GALLERY_URL, {
        title: form.title.value,
        photos: picked.map((photo) => ({ id: photo.id, caption: photo.caption_override || "", credit: photo.credit_override || "" })),
      })
      close(true)
      insertBlock(editor, { type: "newsroomGallery", attrs: { key: gallery.key, caption: gallery.caption } })
      status(editor, `${gettext("Galeri disisipkan")}: ${gallery.caption}`)
    } catch (problem) {
      error.textContent = problem.message
      form.addEventListener("submit", (event) => { event.preventDefault(); submit() }, { once: true })
    }
  }
  submit()
}
