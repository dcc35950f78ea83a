#!/usr/bin/env python3
"""Deterministic feed corpus for `make bench-parse`.

    generate_corpus.py OUTDIR [--files 2000] [--total-mb 110]
    generate_corpus.py --single-mb 50 OUT.xml

Corpus mode writes ~FILES feeds totalling ~TOTAL_MB megabytes (1 MB = 10^6 bytes) into OUTDIR:
45 % RSS 2.0 (content:encoded CDATA bodies), 15 % Atom 1.0 (type="html" escaped content), 8 % RSS 1.0/RDF,
5 % RSS 0.91, 5 % Atom 0.3, 7 % JSON Feed 1.1 (*.json) and 15 % Russian RSS 2.0 encoded as windows-1251
(declared in the XML declaration). Sizes run from a few KB to ~1 MB, plus a handful of multi-MB feeds.
Single mode writes one RSS 2.0 feed of SINGLE_MB megabytes (many items, big bodies) for the memory check.

Everything comes from one random.Random(42) and fixed epochs: the same parameters give the same bytes,
so figures from two machines or two commits compare the same input. A `.complete` stamp (OUTDIR/.complete,
or OUT.xml.complete) records the parameters and this script's hash; a matching stamp skips regeneration.
Every XML file must be well-formed (checked by bench_parse.py's xmllint run, which fails otherwise): CDATA
bodies never contain "]]>", and only the five XML entities and numeric references appear outside CDATA.
"""

import argparse
import codecs
import hashlib
import json
import os
import re
import sys
import time
from datetime import datetime, timezone
from random import Random

SEED = 42
MB = 1_000_000
# Fixed "now": dates are drawn backwards from here, never from the clock (determinism).
EPOCH = int(datetime(2025, 6, 1, 12, 0, 0, tzinfo=timezone.utc).timestamp())

# Format name -> share of the files (sums to 100).
FORMAT_SHARES = [
    ("rss2", 45),
    ("atom1", 15),
    ("rss1", 8),
    ("rss091", 5),
    ("atom03", 5),
    ("jsonfeed", 7),
    ("rss2-cp1251", 15),
]
OWN_FILE = re.compile(r"^\d{4,}-[a-z0-9-]+\.(xml|json)$")

EN_WORDS = """
the of and to in is that for it as was with be by on not he this are or his from at which but have an they
you were her she there been one all we their has would when if so no will more also its about into them only
two time new some could these may first then do any like my now over such our man me even most made after
many must years back where much your way well down should because each just those people how too little state
good very make world still own see men work long get here between both life being under never day same another
know while last might great old year off come since against go came right used take three market report city
council government company police court minister school health water energy price data study team season
game player coach music film book science research climate election budget tax bank network software release
security update server browser language feature change problem system service support project community open
source developer kernel library version database storage memory process network protocol standard feed reader
article story editor press local national international business technology culture sport travel food weather
river mountain station airport railway bridge street museum library hospital university village harbour
""".split()

RU_WORDS = """
и в не на я быть он с что а по это она этот к но они мы как из у который то за свой что весь год от так о для
ты же все тот мочь вы человек такой его сказать только или ещё бы себя один как уже до время если сам когда
другой вот говорить наш мой знать стать при чтобы дело жизнь кто первый очень два день её новый рука даже во
со раз где там под можно ну какой после их работа без самый потом надо хотеть ли слово идти большой должен
место иметь ничто город страна компания правительство министр президент выборы закон суд полиция школа
университет больница погода дождь снег река море гора дорога мост вокзал аэропорт поезд автобус улица площадь
музей театр библиотека книга фильм музыка концерт выставка спорт команда матч игрок тренер сезон чемпионат
экономика рынок цена рубль банк налог бюджет энергия нефть газ зерно урожай завод проект программа система
сеть сервер версия обновление безопасность данные исследование учёный наука технология интернет сайт новости
статья редакция журналист корреспондент репортаж интервью заявление сообщение источник область регион район
Москва Петербург Новосибирск Екатеринбург Казань Нижний Самара Омск Ростов Уфа Красноярск Воронеж Пермь
""".split()

EN_NAMES = ["Alice Walker", "Bob Stone", "Carol Meyer", "Dan O'Neil", "Eve Park", "Frank Li", "Grace Hopper",
            "Hank Pym", "Ivy Chen", "Jack Reed", "Kim Novak", "Liam Shaw", "Mia Wong", "Noah Kent"]
RU_NAMES = ["Иван Петров", "Мария Смирнова", "Алексей Кузнецов", "Ольга Васильева", "Дмитрий Соколов",
            "Анна Попова", "Сергей Лебедев", "Елена Козлова", "Николай Новиков", "Татьяна Морозова"]
EN_CATEGORIES = ["World", "Politics", "Business", "Technology", "Science", "Health", "Sport", "Culture",
                 "Opinion", "Local", "Open Source", "Linux", "Security", "Travel", "Food & Drink"]
RU_CATEGORIES = ["В мире", "Политика", "Экономика", "Технологии", "Наука", "Здоровье", "Спорт", "Культура",
                 "Общество", "Происшествия", "Регионы", "Москва", "Интернет"]
HOSTS = ["news.example.com", "blog.example.org", "www.example.net", "planet.example.io", "lenta.example.ru",
         "novosti.example.ru", "tech.example.co.uk", "podcasts.example.fm"]
# XML-safe inline entities for text outside CDATA (XML predefined and numeric only).
XML_ENTITY_BITS = ["&amp;", "&quot;", "&#8212;", "&#169;", "&#x2019;", "&lt;3", "&#8220;", "&#8221;", "&apos;"]
# HTML entities for bodies (named HTML ones are fine inside CDATA / escaped HTML, never as raw XML).
HTML_ENTITY_BITS = ["&amp;", "&quot;", "&nbsp;", "&mdash;", "&#8212;", "&#169;", "&hellip;", "&laquo;",
                    "&raquo;", "&#x20AC;", "&lt;", "&gt;", "&eacute;", "&#39;"]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
RFC822_ZONES = [("+0000", 0), ("GMT", 0), ("+0300", 180), ("-0500", -300), ("+0100", 60), ("-0800", -480),
                ("+0530", 330)]

NS_RSS2 = ('xmlns:content="http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/" '
           'xmlns:media="http://search.yahoo.com/mrss/" '
           'xmlns:atom="http://www.w3.org/2005/Atom"')


def xml_escape(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def attr_escape(s):
    return xml_escape(s).replace('"', "&quot;")


class Writer:
    """Draws every random choice from one seeded generator; holds the language of the feed being written."""

    def __init__(self, rng):
        self.rng = rng
        self.words = EN_WORDS
        self.host = HOSTS[0]

    def set_language(self, russian):
        self.words = RU_WORDS if russian else EN_WORDS
        self.other_words = EN_WORDS if russian else RU_WORDS
        self.names = RU_NAMES if russian else EN_NAMES
        self.categories_pool = RU_CATEGORIES if russian else EN_CATEGORIES

    # --- small pieces -----------------------------------------------------------------------------------

    def phrase(self, lo, hi):
        return " ".join(self.rng.choices(self.words, k=self.rng.randint(lo, hi)))

    def title_text(self):
        """Plain title with an occasional XML entity (already XML-escaped)."""
        t = xml_escape(self.phrase(3, 11)).capitalize()
        if self.rng.random() < 0.3:
            t += " " + self.rng.choice(XML_ENTITY_BITS) + " " + xml_escape(self.phrase(1, 4))
        return t

    def path(self):
        r = self.rng
        return "/%s/%d/%02d/%s-%d" % (r.choice(["news", "blog", "posts", "articles", "story"]),
                                      r.randint(2015, 2025), r.randint(1, 12),
                                      r.choice(EN_WORDS), r.randint(1, 999999))

    def abs_url(self, host=None):
        u = "https://%s%s" % (host or self.host, self.path())
        if self.rng.random() < 0.15:
            u += "?utm_source=rss&utm_medium=feed&id=%d" % self.rng.randint(1, 99999)
        return u

    def href(self):
        """A link target for bodies: absolute, root-relative, or document-relative (resolution work)."""
        r = self.rng.random()
        if r < 0.55:
            return self.abs_url(self.rng.choice(HOSTS))
        if r < 0.85:
            return self.path()
        return "../%s/%s.html" % (self.rng.choice(EN_WORDS), self.rng.choice(EN_WORDS))

    def image_src(self):
        r = self.rng
        name = "%s-%d.%s" % (r.choice(EN_WORDS), r.randint(1, 99999), r.choice(["jpg", "png", "webp"]))
        if r.random() < 0.6:
            return "https://img.%s/%s" % (self.host, name)
        return "/images/" + name

    def rfc822(self, ts):
        name, minutes = self.rng.choice(RFC822_ZONES)
        d = datetime.fromtimestamp(ts + minutes * 60, timezone.utc)
        return "%s, %02d %s %04d %02d:%02d:%02d %s" % (DAYS[d.weekday()], d.day, MONTHS[d.month - 1], d.year,
                                                       d.hour, d.minute, d.second, name)

    def rfc3339(self, ts):
        d = datetime.fromtimestamp(ts, timezone.utc)
        if self.rng.random() < 0.7:
            return d.strftime("%Y-%m-%dT%H:%M:%SZ")
        return datetime.fromtimestamp(ts + 10800, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S+03:00")

    # --- HTML bodies ------------------------------------------------------------------------------------

    def paragraph(self):
        r = self.rng
        n = r.randint(25, 130)
        words = r.choices(self.words, k=n)
        if r.random() < 0.2:  # mixed-language sentence
            words[r.randrange(n)] = r.choice(self.other_words)
        for i in r.sample(range(n), min(n, r.randint(0, 5))):
            k = r.random()
            w = words[i]
            if k < 0.35:
                words[i] = '<a href="%s">%s</a>' % (self.href().replace("&", "&amp;"), w)
            elif k < 0.55:
                words[i] = "<strong>%s</strong>" % w
            elif k < 0.7:
                words[i] = "<em>%s</em>" % w
            else:
                words[i] = w + " " + r.choice(HTML_ENTITY_BITS)
        words[0] = words[0].capitalize()
        text = " ".join(words) + "."
        if r.random() < 0.08:
            return "<p>" + text  # unclosed <p>: the HTML parser closes it at the next block
        return "<p>" + text + "</p>"

    def block(self):
        r = self.rng.random()
        if r < 0.72:
            return self.paragraph()
        if r < 0.80:
            src = self.image_src()
            extra = ' srcset="%s 2x"' % src.replace(".", "@2x.", 1) if self.rng.random() < 0.3 else ""
            return '<p><img src="%s" alt="%s" width="640" height="360"%s></p>' % (src, self.phrase(1, 4), extra)
        if r < 0.85:
            return "<h2>%s</h2>" % self.phrase(2, 7)
        if r < 0.90:
            return "<ul>" + "".join("<li>%s</li>" % self.phrase(2, 9)
                                    for _ in range(self.rng.randint(2, 6))) + "</ul>"
        if r < 0.94:
            return "<blockquote><p>%s</p></blockquote>" % self.phrase(10, 40)
        if r < 0.97:
            return ('<figure><img src="%s" alt=""><figcaption>%s</figcaption></figure>'
                    % (self.image_src(), self.phrase(3, 10)))
        return "<pre><code>if (a &lt; b &amp;&amp; c &gt; d) {\n    return %d;\n}</code></pre>" % self.rng.randint(0, 99)

    def body(self, target):
        """HTML of roughly `target` characters."""
        parts = []
        size = 0
        while size < target:
            b = self.block()
            parts.append(b)
            size += len(b) + 1
        return "\n".join(parts)

    def summary_html(self):
        return "<p>%s</p>" % self.phrase(12, 45)

    def categories(self):
        k = self.rng.choice([0, 1, 1, 2, 3, 4])
        return self.rng.sample(self.categories_pool, k)

    def author(self):
        return self.rng.choice(self.names)


# --- formats ----------------------------------------------------------------------------------------------
# Each builder gets the writer and a target size in bytes and returns the whole file as bytes.


def rss2_item(w, i, body_size, ts):
    r = w.rng
    url = w.abs_url()
    parts = ["<item>", "<title>%s</title>" % w.title_text()]
    if r.random() < 0.08:
        parts.append("<link>%s</link>" % xml_escape(w.path()))  # relative link, resolved against xml:base
    else:
        parts.append("<link>%s</link>" % xml_escape(url))
    g = r.random()
    if g < 0.5:
        parts.append("<guid>%s</guid>" % xml_escape(url))
    elif g < 0.85:
        parts.append('<guid isPermaLink="false">%s-%d</guid>' % (w.host, r.randint(1, 10**9)))
    parts.append("<pubDate>%s</pubDate>" % w.rfc822(ts))
    if r.random() < 0.8:
        parts.append("<dc:creator>%s</dc:creator>" % xml_escape(w.author()))
    elif r.random() < 0.5:
        parts.append("<author>editor@%s (%s)</author>" % (w.host, xml_escape(w.author())))
    for c in w.categories():
        parts.append("<category>%s</category>" % xml_escape(c))
    parts.append("<description>%s</description>" % xml_escape(w.summary_html()))
    if r.random() < 0.12:
        parts.append('<enclosure url="https://media.%s/audio/%d.mp3" length="%d" type="audio/mpeg"/>'
                     % (w.host, r.randint(1, 99999), r.randint(10**6, 9 * 10**7)))
    if r.random() < 0.3:
        src = attr_escape(w.image_src())
        parts.append('<media:content url="%s" type="image/jpeg" medium="image" width="1200" height="675">'
                     '<media:title>%s</media:title></media:content>' % (src, xml_escape(w.phrase(2, 6))))
        parts.append('<media:thumbnail url="%s" width="320" height="180"/>' % src)
    if r.random() < 0.1:
        parts.append("<comments>%s#comments</comments>" % xml_escape(url))
    parts.append("<content:encoded><![CDATA[%s]]></content:encoded>" % w.body(body_size))
    parts.append("</item>\n")
    return "\n".join(parts)


def rss2_feed(w, target, russian=False):
    r = w.rng
    w.set_language(russian)
    encoding = "cp1251" if russian else "utf-8"
    declared = "windows-1251" if russian else "UTF-8"
    lang = r.choice(["ru", "ru-RU"]) if russian else r.choice(["en", "en-us", "en-GB"])
    base = ' xml:base="https://%s/"' % w.host if r.random() < 0.2 else ""
    head = ('<?xml version="1.0" encoding="%s"?>\n<rss version="2.0" %s%s>\n<channel>\n'
            "<title>%s</title>\n<link>https://%s/</link>\n<description>%s</description>\n"
            "<language>%s</language>\n<lastBuildDate>%s</lastBuildDate>\n<generator>%s</generator>\n"
            '<atom:link href="https://%s/feed.xml" rel="self" type="application/rss+xml"/>\n'
            "<image><url>https://%s/logo.png</url><title>%s</title><link>https://%s/</link></image>\n"
            % (declared, NS_RSS2, base, w.title_text(), w.host, xml_escape(w.phrase(5, 15)), lang,
               w.rfc822(EPOCH), r.choice(["WordPress 6.5", "Hugo 0.125", "Ghost 5.8", "Bitrix"]),
               w.host, w.host, w.title_text(), w.host))
    return fill_items(w, target, rss2_item, head, "</channel>\n</rss>\n", encoding)


def atom1_entry(w, i, body_size, ts):
    r = w.rng
    url = w.abs_url()
    parts = ["<entry>"]
    if r.random() < 0.3:
        parts.append('<title type="html">%s</title>' % xml_escape("%s <em>%s</em>" % (w.phrase(2, 6), w.phrase(1, 3))))
    else:
        parts.append("<title>%s</title>" % w.title_text())
    parts.append('<link rel="alternate" type="text/html" href="%s"/>' % attr_escape(url))
    parts.append("<id>tag:%s,2024:%d</id>" % (w.host, r.randint(1, 10**9)))
    parts.append("<published>%s</published>" % w.rfc3339(ts))
    parts.append("<updated>%s</updated>" % w.rfc3339(ts + r.randint(0, 7200)))
    parts.append("<author><name>%s</name>%s</author>"
                 % (xml_escape(w.author()), "<uri>/authors/%d</uri>" % r.randint(1, 99) if r.random() < 0.3 else ""))
    for c in w.categories():
        parts.append('<category term="%s"/>' % attr_escape(c))
    if r.random() < 0.08:
        parts.append('<link rel="enclosure" type="audio/mpeg" length="%d" href="https://media.%s/e/%d.mp3"/>'
                     % (r.randint(10**6, 10**8), w.host, r.randint(1, 99999)))
    parts.append('<summary type="html">%s</summary>' % xml_escape(w.summary_html()))
    parts.append('<content type="html">%s</content>' % xml_escape(w.body(body_size)))
    parts.append("</entry>\n")
    return "\n".join(parts)


def atom1_feed(w, target):
    r = w.rng
    w.set_language(r.random() < 0.2)
    base = ' xml:base="https://%s/blog/"' % w.host if r.random() < 0.3 else ""
    head = ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"%s xml:lang="%s">\n'
            "<title>%s</title>\n<subtitle>%s</subtitle>\n"
            '<link rel="alternate" type="text/html" href="https://%s/"/>\n'
            '<link rel="self" type="application/atom+xml" href="https://%s/atom.xml"/>\n'
            "<id>urn:uuid:%08x-0000-4000-8000-%012x</id>\n<updated>%s</updated>\n"
            "<author><name>%s</name><email>team@%s</email></author>\n"
            '<generator uri="https://gohugo.io/" version="0.125">Hugo</generator>\n'
            % (base, r.choice(["en", "en-US", "ru"]), w.title_text(), xml_escape(w.phrase(4, 12)), w.host,
               w.host, r.getrandbits(32), r.getrandbits(48), w.rfc3339(EPOCH), xml_escape(w.author()), w.host))
    return fill_items(w, target, atom1_entry, head, "</feed>\n", "utf-8")


def atom03_entry(w, i, body_size, ts):
    r = w.rng
    url = w.abs_url()
    return "\n".join([
        "<entry>",
        "<title>%s</title>" % w.title_text(),
        '<link rel="alternate" type="text/html" href="%s"/>' % attr_escape(url),
        "<id>tag:%s,2005:%d</id>" % (w.host, r.randint(1, 10**9)),
        "<issued>%s</issued>" % w.rfc3339(ts),
        "<modified>%s</modified>" % w.rfc3339(ts + r.randint(0, 3600)),
        "<author><name>%s</name></author>" % xml_escape(w.author()),
        '<summary type="text/plain">%s</summary>' % xml_escape(w.phrase(10, 30)),
        '<content type="text/html" mode="escaped">%s</content>' % xml_escape(w.body(body_size)),
        "</entry>\n",
    ])


def atom03_feed(w, target):
    r = w.rng
    w.set_language(False)
    head = ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="en">\n'
            "<title>%s</title>\n<tagline>%s</tagline>\n"
            '<link rel="alternate" type="text/html" href="https://%s/"/>\n<modified>%s</modified>\n'
            "<author><name>%s</name></author>\n"
            % (w.title_text(), xml_escape(w.phrase(4, 12)), w.host, w.rfc3339(EPOCH), xml_escape(w.author())))
    return fill_items(w, target, atom03_entry, head, "</feed>\n", "utf-8")


def rss1_item(w, i, body_size, ts):
    r = w.rng
    url = xml_escape(w.abs_url())
    parts = ['<item rdf:about="%s">' % url.replace('"', "&quot;"),
             "<title>%s</title>" % w.title_text(),
             "<link>%s</link>" % url,
             "<description>%s</description>" % xml_escape(w.summary_html()),
             "<dc:date>%s</dc:date>" % w.rfc3339(ts),
             "<dc:creator>%s</dc:creator>" % xml_escape(w.author())]
    for c in w.categories():
        parts.append("<dc:subject>%s</dc:subject>" % xml_escape(c))
    if r.random() < 0.7:
        parts.append("<content:encoded><![CDATA[%s]]></content:encoded>" % w.body(body_size))
    else:
        parts[3] = "<description>%s</description>" % xml_escape(w.body(body_size))
    parts.append("</item>\n")
    return "\n".join(parts)


def rss1_feed(w, target):
    r = w.rng
    w.set_language(r.random() < 0.25)
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:sy="http://purl.org/rss/1.0/modules/syndication/">\n'
            '<channel rdf:about="https://%s/index.rdf">\n<title>%s</title>\n<link>https://%s/</link>\n'
            "<description>%s</description>\n<dc:language>%s</dc:language>\n<dc:date>%s</dc:date>\n"
            "<sy:updatePeriod>hourly</sy:updatePeriod>\n"
            '<items><rdf:Seq><rdf:li rdf:resource="https://%s/"/></rdf:Seq></items>\n</channel>\n'
            % (w.host, w.title_text(), w.host, xml_escape(w.phrase(5, 12)), "en", w.rfc3339(EPOCH), w.host))
    return fill_items(w, target, rss1_item, head, "</rdf:RDF>\n", "utf-8")


def rss091_item(w, i, body_size, ts):
    return "\n".join([
        "<item>",
        "<title>%s</title>" % w.title_text(),
        "<link>%s</link>" % xml_escape(w.abs_url()),
        "<description>%s</description>" % xml_escape(w.body(body_size)),
        "</item>\n",
    ])


def rss091_feed(w, target):
    w.set_language(False)
    head = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="0.91">\n<channel>\n'
            "<title>%s</title>\n<link>https://%s/</link>\n<description>%s</description>\n"
            "<language>en-us</language>\n"
            % (w.title_text(), w.host, xml_escape(w.phrase(5, 12))))
    # Declared ISO-8859-1 like many old feeds; non-Latin-1 text is written as character references.
    return fill_items(w, target, rss091_item, head, "</channel>\n</rss>\n", "latin-1-xmlref")


def jsonfeed(w, target):
    r = w.rng
    w.set_language(r.random() < 0.3)
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": w.phrase(2, 6).capitalize(),
        "home_page_url": "https://%s/" % w.host,
        "feed_url": "https://%s/feed.json" % w.host,
        "description": w.phrase(5, 15),
        "icon": "https://%s/icon.png" % w.host,
        "favicon": "https://%s/favicon.ico" % w.host,
        "authors": [{"name": w.author(), "url": "https://%s/about" % w.host}],
        "language": r.choice(["en", "ru"]),
        "items": [],
    }
    ascii_only = r.random() < 0.3  # some servers \u-escape everything
    indent = None if r.random() < 0.5 else 2
    size = len(json.dumps(feed, ensure_ascii=ascii_only, indent=indent).encode())
    mean_body = int(800 * (40 ** r.random()))
    ts = EPOCH - r.randint(0, 86400 * 30)
    while size < target or not feed["items"]:
        ts -= r.randint(60, 86400)
        url = w.abs_url()
        item = {"id": url if r.random() < 0.7 else str(r.randint(1, 10**9)), "url": url,
                "title": w.phrase(3, 10).capitalize(),
                "content_html": w.body(min(max(200, int(mean_body * (0.3 + 1.7 * r.random()))),
                                           max(400, (target - size) // (3 if ascii_only else 1)))),
                "summary": w.phrase(10, 30),
                "date_published": w.rfc3339(ts)}
        if r.random() < 0.5:
            item["date_modified"] = w.rfc3339(ts + 600)
        if r.random() < 0.4:
            item["image"] = w.image_src()
        item["authors"] = [{"name": w.author()}]
        item["tags"] = w.categories()
        if r.random() < 0.1:
            item["attachments"] = [{"url": "https://media.%s/%d.mp3" % (w.host, r.randint(1, 9999)),
                                    "mime_type": "audio/mpeg", "size_in_bytes": r.randint(10**6, 10**8)}]
        feed["items"].append(item)
        size += len(json.dumps(item, ensure_ascii=ascii_only, indent=indent).encode()) + 2
    return (json.dumps(feed, ensure_ascii=ascii_only, indent=indent) + "\n").encode()


def build(fmt, w, target):
    if fmt == "rss2":
        return rss2_feed(w, target)
    if fmt == "rss2-cp1251":
        return rss2_feed(w, target, russian=True)
    if fmt == "atom1":
        return atom1_feed(w, target)
    if fmt == "atom03":
        return atom03_feed(w, target)
    if fmt == "rss1":
        return rss1_feed(w, target)
    if fmt == "rss091":
        return rss091_feed(w, target)
    if fmt == "jsonfeed":
        return jsonfeed(w, target)
    raise ValueError(fmt)


def _latin1_xmlref(error):
    """Encode error handler: characters outside Latin-1 become numeric character references (valid XML)."""
    return ("".join("&#%d;" % ord(c) for c in error.object[error.start:error.end]), error.end)


codecs.register_error("xmlref", _latin1_xmlref)


def fill_items(w, target, item_fn, head, tail, encoding):
    """Appends items (each encoded as it is made, so sizes are exact bytes) until the target is reached.
    encoding "latin-1-xmlref" writes Latin-1 with character references for everything else."""
    if encoding == "latin-1-xmlref":
        return _fill(w, target, item_fn, head, tail, lambda s: s.encode("latin-1", "xmlref"))
    return _fill(w, target, item_fn, head, tail, lambda s: s.encode(encoding))


def _fill(w, target, item_fn, head, tail, enc):
    r = w.rng
    out = [enc(head)]
    tail_b = enc(tail)
    size = len(out[0]) + len(tail_b)
    mean_body = int(800 * (40 ** r.random()))  # per-feed body size: 0.8 KB .. 32 KB
    ts = EPOCH - r.randint(0, 86400 * 30)
    index = 0
    while size < target or index == 0:
        body_size = max(200, int(mean_body * (0.3 + 1.7 * r.random())))
        body_size = min(body_size, max(400, target - size))
        ts -= r.randint(60, 86400)
        item = enc(item_fn(w, index, body_size, ts))
        out.append(item)
        size += len(item)
        index += 1
    out.append(tail_b)
    return b"".join(out)


# --- plans ------------------------------------------------------------------------------------------------


def file_sizes(rng, count, total):
    """Target byte sizes: log-normal spread clipped to [3 KB, 1 MB], a handful of 2-6 MB feeds, scaled so the
    sum is `total`."""
    big = [rng.randint(2 * MB, 6 * MB) for _ in range(min(6, count // 300))]
    rest = count - len(big)
    sizes = [rng.lognormvariate(0, 1.3) for _ in range(rest)]
    want = max(total - sum(big), rest * 3000)
    for _ in range(20):
        factor = want / sum(sizes)
        sizes = [min(1 * MB, max(3000, s * factor)) for s in sizes]
        if abs(sum(sizes) - want) < want * 0.001:
            break
    sizes = [int(s) for s in sizes] + big
    rng.shuffle(sizes)
    return sizes


def formats_for(rng, count):
    fmts = []
    for name, share in FORMAT_SHARES:
        fmts += [name] * round(count * share / 100)
    while len(fmts) < count:
        fmts.append("rss2")
    fmts = fmts[:count]
    rng.shuffle(fmts)
    return fmts


def script_hash():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def stamp_matches(stamp_path, params):
    try:
        with open(stamp_path) as f:
            return json.load(f) == params
    except (OSError, ValueError):
        return False


def write_stamp(stamp_path, params):
    tmp = stamp_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(params, f, sort_keys=True)
        f.write("\n")
    os.replace(tmp, stamp_path)


def generate_corpus(outdir, count, total_mb):
    params = {"mode": "corpus", "files": count, "total_mb": total_mb, "seed": SEED, "generator": script_hash()}
    stamp = os.path.join(outdir, ".complete")
    if stamp_matches(stamp, params):
        print("corpus %s is up to date (%d files, %s MB requested); not regenerating" % (outdir, count, total_mb))
        return
    os.makedirs(outdir, exist_ok=True)
    if os.path.exists(stamp):
        os.remove(stamp)
    for name in os.listdir(outdir):  # only files this script names; anything else in OUTDIR is left alone
        if OWN_FILE.match(name):
            os.remove(os.path.join(outdir, name))
    started = time.monotonic()
    rng = Random(SEED)
    w = Writer(rng)
    sizes = file_sizes(rng, count, int(total_mb * MB))
    fmts = formats_for(rng, count)
    total = 0
    per_format = {}
    for i, (fmt, target) in enumerate(zip(fmts, sizes)):
        w.host = rng.choice(HOSTS)
        data = build(fmt, w, target)
        name = "%04d-%s.%s" % (i, fmt, "json" if fmt == "jsonfeed" else "xml")
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        total += len(data)
        n, b = per_format.get(fmt, (0, 0))
        per_format[fmt] = (n + 1, b + len(data))
    write_stamp(stamp, params)
    for fmt, _ in FORMAT_SHARES:
        n, b = per_format.get(fmt, (0, 0))
        print("  %-12s %5d files %8.1f MB" % (fmt, n, b / MB))
    print("wrote %d files, %.1f MB to %s in %.1f s" % (count, total / MB, outdir, time.monotonic() - started))


def generate_single(out, single_mb):
    params = {"mode": "single", "single_mb": single_mb, "seed": SEED, "generator": script_hash()}
    stamp = out + ".complete"
    if os.path.exists(out) and stamp_matches(stamp, params):
        print("%s is up to date (%s MB requested); not regenerating" % (out, single_mb))
        return
    if os.path.exists(stamp):
        os.remove(stamp)
    started = time.monotonic()
    w = Writer(Random(SEED))
    w.host = HOSTS[0]
    w.set_language(False)
    target = int(single_mb * MB)
    r = w.rng
    head = ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" %s>\n<channel>\n'
            "<title>Big feed</title>\n<link>https://%s/</link>\n<description>%s</description>\n"
            "<language>en</language>\n" % (NS_RSS2, w.host, xml_escape(w.phrase(5, 12))))
    tail = "</channel>\n</rss>\n"
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    tmp = out + ".tmp"
    size = 0
    items = 0
    with open(tmp, "wb") as f:
        data = head.encode()
        f.write(data)
        size += len(data) + len(tail)
        ts = EPOCH
        while size < target:
            ts -= r.randint(60, 3600)
            body_size = int(20_000 * (10 ** r.random()))  # 20 KB .. 200 KB bodies
            # Mostly English with Russian paragraphs mixed in (multi-byte UTF-8 in the big body too).
            w.set_language(r.random() < 0.2)
            data = rss2_item(w, items, body_size, ts).encode()
            f.write(data)
            size += len(data)
            items += 1
        f.write(tail.encode())
    os.replace(tmp, out)
    write_stamp(stamp, params)
    print("wrote %s: %d items, %.1f MB in %.1f s" % (out, items, os.path.getsize(out) / MB, time.monotonic() - started))


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("path", help="OUTDIR (corpus mode) or OUT.xml (with --single-mb)")
    p.add_argument("--files", type=int, default=2000, help="number of feed files (default 2000)")
    p.add_argument("--total-mb", type=float, default=110, help="total corpus size in MB of 10^6 bytes (default 110)")
    p.add_argument("--single-mb", type=float, help="write one RSS 2.0 feed of this many MB to PATH instead")
    a = p.parse_args(argv)
    if a.single_mb is not None:
        generate_single(a.path, a.single_mb)
    else:
        if a.files < 1:
            p.error("--files must be at least 1")
        generate_corpus(a.path, a.files, a.total_mb)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
