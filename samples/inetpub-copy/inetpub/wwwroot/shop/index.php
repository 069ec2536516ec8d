<?php
// an unrelated shop application copied with the rest of C:\inetpub
$config = include __DIR__ . '/config.php';
echo htmlspecialchars($config['title'] ?? 'Shop');
