<?php
// Reads a feed file with SimplePie, as WordPress and other PHP aggregators do, and
// prints what it understood as JSON. SimplePie is the copy inside Debian's wordpress
// package, extracted (not installed) by scripts/setup --test.
//
//     php simplepie.php WORDPRESS_DIR FEED_FILE
//
// WORDPRESS_DIR is the directory holding wp-includes/ (usr/share/wordpress in the .deb).

ini_set('display_errors', 'stderr');
error_reporting(E_ALL & ~E_DEPRECATED);  // SimplePie 1.5 predates PHP 8.2's deprecations

if ($argc !== 3) {
    fwrite(STDERR, "usage: php simplepie.php WORDPRESS_DIR FEED_FILE\n");
    exit(2);
}
define('ABSPATH', rtrim($argv[1], '/') . '/');
define('WPINC', 'wp-includes');
require ABSPATH . WPINC . '/class-simplepie.php';

$feed = new SimplePie();
$feed->set_raw_data(file_get_contents($argv[2]));
$feed->enable_cache(false);
$feed->enable_order_by_date(false);
if (!$feed->init()) {
    fwrite(STDERR, 'SimplePie could not read the feed: ' . $feed->error() . "\n");
    exit(1);
}

function names($people) {
    return array_values(array_map(fn($person) => $person->get_name(), $people ?? []));
}

$items = [];
foreach ($feed->get_items() as $item) {
    $enclosures = [];
    foreach ($item->get_enclosures() ?? [] as $enclosure) {
        if ($enclosure->get_link() !== null) {
            $enclosures[] = [
                'link' => $enclosure->get_link(),
                'type' => $enclosure->get_type(),
                'medium' => $enclosure->get_medium(),
                'length' => $enclosure->get_length(),
            ];
        }
    }
    $version = $item->get_item_tags('urn:warta:syndication:1', 'version');
    $items[] = [
        'title' => $item->get_title(),
        'permalink' => $item->get_permalink(),
        'id' => $item->get_id(),
        'date' => $item->get_date('c'),
        'updated' => $item->get_updated_date('c'),
        'authors' => names($item->get_authors()),
        'contributors' => names($item->get_contributors()),
        'enclosures' => $enclosures,
        'content' => $item->get_content(true),
        'description' => $item->get_description(true),
        'version' => $version ? $version[0]['data'] : null,
    ];
}

echo json_encode(
    [
        'type' => ($feed->get_type() & SIMPLEPIE_TYPE_ATOM_10) ? 'atom' : 'rss',
        'title' => $feed->get_title(),
        'self' => $feed->get_link(0, 'self'),
        'items' => $items,
    ],
    JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRETTY_PRINT | JSON_THROW_ON_ERROR
), "\n";
