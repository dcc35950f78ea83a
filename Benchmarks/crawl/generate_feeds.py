#!/usr/bin/env python3
"""Feeds for the crawl benchmark: N deterministic RSS 2.0 files, and the incremental step.

    generate_feeds.py WWW [--feeds 10000] [--seed 42]        writes WWW/feeds/f00000.xml ... (prints a summary)
    generate_feeds.py WWW --add-to 0.10 [--seed 42]          rewrites 10 % of them with 1-5 new items each

Every feed has 20-50 items and is 5-50 KB (a file that gains items may pass 50 KB by a few KB). Half the
feeds are Russian, half English; each item has a title, a link, a guid (an https permalink for even items,
an opaque string for odd ones), a pubDate, categories, a short description and a content:encoded CDATA HTML
body (paragraphs, links, a relative image, entities) that takes up the rest of the file's size. Guids and
links are unique across all feeds, so every item is one new article: the expected counts are exact.

Same seed and parameters, same bytes. File times are fixed (FEED_MTIME, and FEED_MTIME + 1 day for files
that gained items), so nginx's ETag ("mtime-size" in hex) and Last-Modified are deterministic too and
always change when a file is rewritten, even within the second it was first written.
"""

import argparse
import os
import random
import sys
import time

FEED_MTIME = 1767225600  # 2026-01-01T00:00:00Z
ADDED_MTIME = FEED_MTIME + 86400
MIN_SIZE = 5_000
MAX_SIZE = 50_000
MIN_ITEMS = 20
MAX_ITEMS = 50

RU_WORDS = (
    "новости правительство министр заявил сегодня утром вечером город страна область президент парламент "
    "закон бюджет рынок нефть газ компания банк курс тенге рубль доллар выборы суд решение экономика рост "
    "снижение инфляция цены строительство школа больница дорога погода снег дождь жара мороз спорт матч "
    "команда победа поражение чемпионат культура театр выставка фестиваль музей книга автор проект программа "
    "граждане жители власти эксперты аналитики данные отчёт исследование университет студенты учёные "
    "технологии интернет связь транспорт аэропорт поезд автобус пробки реформа налог пенсия зарплата "
    "сообщает агентство источник представитель пресс-служба ведомство региона столицы Астана Алматы Москва"
).split()
EN_WORDS = (
    "news government minister said today morning evening city country region president parliament law "
    "budget market oil gas company bank rate currency dollar election court ruling economy growth decline "
    "inflation prices construction school hospital road weather snow rain heat frost sport match team "
    "victory defeat championship culture theatre exhibition festival museum book author project programme "
    "citizens residents authorities experts analysts data report study university students scientists "
    "technology internet network transport airport train bus traffic reform tax pension salary reports "
    "agency source spokesperson ministry capital officials according statement week month year council"
).split()

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def rfc822(t):
    g = time.gmtime(t)
    return "%s, %02d %s %d %02d:%02d:%02d +0000" % (
        WEEKDAYS[g.tm_wday], g.tm_mday, MONTHS[g.tm_mon - 1], g.tm_year, g.tm_hour, g.tm_min, g.tm_sec)


def sentence(rng, words, lo, hi):
    s = " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))
    return s[0].upper() + s[1:]


class TextPool:
    """Pre-built paragraphs and titles per language, so a body is a slice of the pool (fast)."""

    def __init__(self, rng, words, lang, count=3000):
        self.words = words
        self.paragraphs = []
        for i in range(count):
            parts = [sentence(rng, words, 6, 16) + "." for _ in range(rng.randint(1, 4))]
            k = rng.randrange(8)
            if k == 0:
                parts.insert(1, '<a href="https://ref%d.example.org/%s/%d">%s</a>'
                             % (i % 7, lang, i, sentence(rng, words, 2, 4)))
            elif k == 1:
                parts.append('<img src="/img/%s/%d.jpg" alt="%s">' % (lang, i, rng.choice(words)))
            elif k == 2:
                parts.append("&laquo;%s&raquo; &mdash; %s &amp; %s." % (
                    sentence(rng, words, 2, 4), rng.choice(words), rng.choice(words)))
            elif k == 3:
                parts.insert(0, "<b>%s:</b>" % sentence(rng, words, 1, 3))
            self.paragraphs.append("<p>%s</p>\n" % " ".join(parts))
        self.sizes = [len(p.encode()) for p in self.paragraphs]
        self.titles = [sentence(rng, words, 4, 10) for _ in range(count)]
        self.summaries = [sentence(rng, words, 8, 20) + "." for _ in range(count)]

    def body(self, rng, size):
        """HTML of at most about `size` bytes: whole paragraphs, or one short sentence when small."""
        if size < 400:
            return "<p>%s.</p>" % sentence(rng, self.words, 3, 6)
        i = rng.randrange(len(self.paragraphs))
        out, n = [], 0
        while not out or n + self.sizes[i] <= size:
            out.append(self.paragraphs[i])
            n += self.sizes[i]
            i = (i + 1) % len(self.paragraphs)
        return "".join(out)


class FeedSet:
    def __init__(self, seed, feeds, hosts=8):
        self.seed = seed
        self.feeds = feeds
        self.hosts = hosts
        pool_rng = random.Random(seed)
        self.pools = {"ru": TextPool(pool_rng, RU_WORDS, "ru"), "en": TextPool(pool_rng, EN_WORDS, "en")}

    @staticmethod
    def name(i):
        return "f%05d" % i

    def lang(self, i):
        return "ru" if i % 2 == 0 else "en"

    def item(self, rng, i, seq, pub, body_size):
        """One <item>; returns (xml, guid). Guid and link are unique across feeds (feed name + seq).
        A small `body_size` (small files with many items) gives a compact item: no categories, no
        description, a one-sentence body."""
        lang = self.lang(i)
        pool = self.pools[lang]
        name = self.name(i)
        link = "https://news%d.example.com/%s/%s/%06d.html" % (i % self.hosts + 1, lang, name, seq)
        if seq % 2 == 0:
            guid_xml = '<guid isPermaLink="true">%s</guid>' % link
            guid = link
        else:
            guid = "urn:bench:%s:%06d" % (name, seq)
            guid_xml = '<guid isPermaLink="false">%s</guid>' % guid
        body = pool.body(rng, body_size)
        if body_size < 400:
            xml = ("<item><title>%s %d</title><link>%s</link>%s<pubDate>%s</pubDate>"
                   "<content:encoded><![CDATA[%s]]></content:encoded></item>\n"
                   % (sentence(rng, pool.words, 1, 2), seq, link, guid_xml, rfc822(pub), body))
            return xml, guid
        k = rng.randrange(len(pool.titles))
        cats = "".join("<category>%s</category>" % rng.choice(pool.words) for _ in range(rng.randint(1, 3)))
        xml = ("<item>\n<title>%s (%s #%d)</title>\n<link>%s</link>\n%s\n<pubDate>%s</pubDate>\n%s\n"
               "<description>%s</description>\n<content:encoded><![CDATA[%s]]></content:encoded>\n</item>\n"
               % (pool.titles[k], name, seq, link, guid_xml, rfc822(pub), cats, pool.summaries[k], body))
        return xml, guid

    def head(self, i):
        lang = self.lang(i)
        name = self.name(i)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n'
                "<title>Bench %s %s</title>\n<link>https://news%d.example.com/%s/%s/</link>\n"
                "<description>Generated feed %s for make bench-crawl</description>\n<language>%s</language>\n"
                "<lastBuildDate>%s</lastBuildDate>\n"
                % (lang, name, i % self.hosts + 1, lang, name, name, lang, rfc822(FEED_MTIME)))

    TAIL = "</channel>\n</rss>\n"

    def feed(self, i):
        """(bytes, guids) of feed i: 20-50 items, 5-50 KB (sizes uniform over what the item count allows)."""
        rng = random.Random(self.seed * 1_000_003 + i)
        n = rng.randint(MIN_ITEMS, MAX_ITEMS)
        target = rng.randint(max(MIN_SIZE + 500, n * 300), MAX_SIZE - 1000)
        fixed = len(self.head(i).encode()) + len(self.TAIL)
        per_body = (target - fixed) // n - 450  # ~450 bytes of a full item are not body
        for attempt in range(8):  # bodies are whole paragraphs: rescale until the size is in range
            item_rng = random.Random(rng.random())
            items, guids = [], []
            for seq in range(n):
                size = per_body if per_body < 400 else item_rng.randint(per_body // 2, per_body * 3 // 2)
                xml, guid = self.item(item_rng, i, seq, FEED_MTIME - 600 * (seq + 1), size)
                items.append(xml)
                guids.append(guid)
            data = (self.head(i) + "".join(items) + self.TAIL).encode()
            if MIN_SIZE <= len(data) <= MAX_SIZE:
                return data, guids
            per_body = max(0, int(per_body * target / len(data)) + (200 if len(data) < MIN_SIZE else -200))
        raise RuntimeError("feed %d: could not reach %d bytes (got %d)" % (i, target, len(data)))

    def added_items(self, i, first_seq):
        """(xml, guids) of the 1-5 items feed i gains in the incremental step, newest first."""
        rng = random.Random(self.seed * 1_000_003 + i + 7_777_777_777)
        k = rng.randint(1, 5)
        items, guids = [], []
        for j in range(k):
            seq = first_seq + k - 1 - j  # newest (highest seq) first
            xml, guid = self.item(rng, i, seq, FEED_MTIME + 600 * (seq - first_seq + 1), rng.randint(300, 1500))
            items.append(xml)
            guids.append(guid)
        return "".join(items).encode(), guids


def write_file(path, data, mtime):
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.utime(tmp, (mtime, mtime))
    os.replace(tmp, path)


def generate(www, feeds, seed=42, hosts=8):
    """Writes every feed; returns (feed_set, {name: item count}, guids list of all feeds, bytes total)."""
    fs = FeedSet(seed, feeds, hosts)
    d = os.path.join(www, "feeds")
    os.makedirs(d, exist_ok=True)
    counts, total_bytes, all_guids = {}, 0, []
    for i in range(feeds):
        data, guids = fs.feed(i)
        write_file(os.path.join(d, fs.name(i) + ".xml"), data, FEED_MTIME)
        counts[fs.name(i)] = len(guids)
        all_guids.extend(guids)
        total_bytes += len(data)
    return fs, counts, all_guids, total_bytes


def chosen_for_update(seed, feeds, fraction):
    rng = random.Random(seed + 99)
    return sorted(rng.sample(range(feeds), int(round(feeds * fraction))))


def add_items(www, fs, fraction):
    """Rewrites `fraction` of the feeds (chosen by the seed) with 1-5 new items inserted before the first
    item; the file keeps its old items byte for byte. Returns the new guids. The new mtime is ADDED_MTIME."""
    d = os.path.join(www, "feeds")
    added = []
    for i in chosen_for_update(fs.seed, fs.feeds, fraction):
        path = os.path.join(d, fs.name(i) + ".xml")
        with open(path, "rb") as f:
            data = f.read()
        at = data.index(b"<item>")
        new_xml, guids = fs.added_items(i, 1000)  # seq 1000+: never used by the original 20-50 items
        write_file(path, data[:at] + new_xml + data[at:], ADDED_MTIME)
        added.extend(guids)
    return added


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("www", help="directory served by the web server; feeds go to WWW/feeds/")
    p.add_argument("--feeds", type=int, default=10_000)
    p.add_argument("--seed", type=int, default=42)
    p.add_argument("--hosts", type=int, default=8)
    p.add_argument("--add-to", type=float, metavar="FRACTION",
                   help="incremental step on an existing WWW generated with the same --feeds/--seed")
    a = p.parse_args(argv)
    t0 = time.perf_counter()
    if a.add_to is not None:
        fs = FeedSet(a.seed, a.feeds, a.hosts)
        added = add_items(a.www, fs, a.add_to)
        print("%d new items in %d feeds (%.1f s)" % (len(added), int(round(a.feeds * a.add_to)),
                                                      time.perf_counter() - t0))
    else:
        _, counts, guids, size = generate(a.www, a.feeds, a.seed, a.hosts)
        print("%d feeds, %d items, %.1f MB (%.1f s)" % (len(counts), len(guids), size / 1e6,
                                                      time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
