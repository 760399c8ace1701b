"""WordPress exports (WXR 1.2) for tests and the import benchmark, written like WordPress
writes them: channel terms and authors first, then items (attachments may follow posts)."""

from xml.sax.saxutils import escape

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0"
  xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
  xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wfw="http://wellformedweb.org/CommentAPI/"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Portal Banten Lama</title>
  <link>https://lama.example.id</link>
  <language>id-ID</language>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>https://lama.example.id</wp:base_site_url>
  <wp:base_blog_url>https://lama.example.id</wp:base_blog_url>
"""
TAIL = "</channel>\n</rss>\n"


def cdata(text: str) -> str:
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def author(login, display, email=""):
    return (
        f"<wp:author><wp:author_id>1</wp:author_id><wp:author_login>{cdata(login)}</wp:author_login>"
        f"<wp:author_email>{cdata(email or login + '@lama.example.id')}</wp:author_email>"
        f"<wp:author_display_name>{cdata(display)}</wp:author_display_name>"
        "<wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name>"
        "</wp:author>\n"
    )


def category(slug, name, parent=""):
    return (
        f"<wp:category><wp:term_id>1</wp:term_id><wp:category_nicename>{cdata(slug)}</wp:category_nicename>"
        f"<wp:category_parent>{cdata(parent)}</wp:category_parent><wp:cat_name>{cdata(name)}</wp:cat_name>"
        "</wp:category>\n"
    )


def tag(slug, name):
    return (
        f"<wp:tag><wp:term_id>1</wp:term_id><wp:tag_slug>{cdata(slug)}</wp:tag_slug>"
        f"<wp:tag_name>{cdata(name)}</wp:tag_name></wp:tag>\n"
    )


def post(
    post_id,
    title,
    content,
    *,
    slug="",
    status="publish",
    date="2025-05-11 14:30:00",
    date_gmt="2025-05-11 07:30:00",
    creator="redaksi",
    categories=(),
    tags=(),
    thumbnail=None,
    excerpt="",
    post_type="post",
    link=None,
):
    slug = slug or f"tulisan-{post_id}"
    link = link or f"https://lama.example.id/{date[:10].replace('-', '/')}/{slug}/"
    terms = "".join(
        f'<category domain="category" nicename="{escape(s)}">{cdata(n)}</category>'
        for s, n in categories
    ) + "".join(
        f'<category domain="post_tag" nicename="{escape(s)}">{cdata(n)}</category>' for s, n in tags
    )
    meta = (
        f"<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>{thumbnail}</wp:meta_value></wp:postmeta>"
        if thumbnail
        else ""
    )
    post_id_xml = f"<wp:post_id>{post_id}</wp:post_id>" if post_id is not None else ""
    return (
        f"<item><title>{escape(title)}</title><link>{escape(link)}</link>"
        f"<pubDate>Sun, 11 May 2025 07:30:00 +0000</pubDate><dc:creator>{cdata(creator)}</dc:creator>"
        f'<guid isPermaLink="false">https://lama.example.id/?p={post_id}</guid><description></description>'
        f"<content:encoded>{cdata(content)}</content:encoded><excerpt:encoded>{cdata(excerpt)}</excerpt:encoded>"
        f"{post_id_xml}<wp:post_date>{cdata(date)}</wp:post_date>"
        f"<wp:post_date_gmt>{cdata(date_gmt)}</wp:post_date_gmt><wp:post_name>{cdata(slug)}</wp:post_name>"
        f"<wp:status>{cdata(status)}</wp:status><wp:post_parent>0</wp:post_parent>"
        f"<wp:post_type>{cdata(post_type)}</wp:post_type>{terms}{meta}</item>\n"
    )


def attachment(post_id, path, *, alt="", caption="", title="Foto"):
    return (
        f"<item><title>{escape(title)}</title><link>https://lama.example.id/?attachment_id={post_id}</link>"
        f"<dc:creator>{cdata('redaksi')}</dc:creator><guid>https://lama.example.id/wp-content/uploads/{path}</guid>"
        f"<content:encoded>{cdata('')}</content:encoded><excerpt:encoded>{cdata(caption)}</excerpt:encoded>"
        f"<wp:post_id>{post_id}</wp:post_id><wp:post_date>2025-05-11 14:00:00</wp:post_date>"
        f"<wp:post_date_gmt>2025-05-11 07:00:00</wp:post_date_gmt><wp:post_name>foto-{post_id}</wp:post_name>"
        "<wp:status>inherit</wp:status><wp:post_type>attachment</wp:post_type>"
        f"<wp:attachment_url>https://lama.example.id/wp-content/uploads/{path}</wp:attachment_url>"
        f"<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>{cdata(path)}</wp:meta_value></wp:postmeta>"
        f"<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>{cdata(alt)}</wp:meta_value></wp:postmeta>"
        "</item>\n"
    )


def write_large(path, count: int, *, seed_words=None) -> None:
    """A big export written as a stream: ``count`` published posts with terms."""
    words = (
        seed_words or "pemkab serang warga desa posyandu kader banjir pasar ulama danrem"
    ).split()
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEAD)
        out.write(author("redaksi", "Redaksi Lama"))
        out.write(category("berita", "Berita"))
        for number in range(20):
            out.write(tag(f"tag-{number}", f"Tag {number}"))
        for number in range(1, count + 1):
            text = " ".join(words[(number + i) % len(words)] for i in range(60))
            content = f"SERANG, lama– {text}.\n\n{text} {number}.\n\nPenutup berita {number}.(red)"
            out.write(
                post(
                    number,
                    f"Berita nomor {number} tentang {words[number % len(words)]}",
                    content,
                    categories=[("berita", "Berita")],
                    tags=[(f"tag-{number % 20}", f"Tag {number % 20}")],
                )
            )
        out.write(TAIL)
