// Reads a feed file with rss-parser (npm), as Node importers do, and prints what it
// understood as JSON. Dependencies: `npm ci` here (scripts/setup --test does it).
//
//     node rss_parser.js FEED_FILE
'use strict';

const fs = require('fs');
const Parser = require('rss-parser');

const parser = new Parser({
  customFields: {
    item: [
      ['media:content', 'mediaContent', { keepArray: true }],
      ['link', 'links', { keepArray: true }], // Atom: rel="enclosure" is one of them
      ['warta:version', 'version'],
    ],
  },
});

// RSS: rss-parser's own <enclosure>; Atom: the entry's link with rel="enclosure".
function enclosureOf(item) {
  if (item.enclosure) {
    const { url, type, length } = item.enclosure;
    return { url, type, length };
  }
  const link = (item.links || []).find((l) => l && l.$ && l.$.rel === 'enclosure');
  return link ? { url: link.$.href, type: link.$.type, length: link.$.length } : null;
}

async function main() {
  if (process.argv.length !== 3) {
    process.stderr.write('usage: node rss_parser.js FEED_FILE\n');
    process.exit(2);
  }
  const feed = await parser.parseString(fs.readFileSync(process.argv[2], 'utf8'));
  const items = feed.items.map((item) => ({
    title: item.title,
    link: item.link,
    guid: item.guid || item.id,
    isoDate: item.isoDate,
    creator: item.creator || item.author,
    enclosure: enclosureOf(item),
    media: (item.mediaContent || []).map((m) => m.$),
    content: item['content:encoded'] || item.content,
    // RSS: <description> (rss-parser calls it content when content:encoded is there too).
    description: item['content:encoded'] ? item.content : item.summary,
    version: item.version,
  }));
  const out = { title: feed.title, feedUrl: feed.feedUrl, link: feed.link, items };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}

main().catch((error) => {
  process.stderr.write(`rss-parser could not read the feed: ${error.stack || error}\n`);
  process.exit(1);
});
