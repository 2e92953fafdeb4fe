#!/bin/sh
# Lays phpBB out for a read-only root filesystem, once, while the image is built (see Containerfile). Run as root
# with phpBB unpacked at /var/www/phpbb.
#  - The installer leaves the web root: phpBB disables the board for everyone while <root>/install exists
#    (phpbb/user.php, "Disable board if the install/ directory is still present"), and install/ must never be served.
#    It moves to /usr/local/lib/phpbb-installer/install, beside symbolic links to every other entry of the web root,
#    so that the installer's root (install/../) is a view of the same phpBB whose config.php, cache and files are the
#    board's. Only the configure Job runs it, from the command line.
#  - What phpBB writes (config.php, cache/, store/, files/, images/avatars/upload/) is a link into /var/lib/phpbb, the
#    forum's volume; the configure Job creates those directories on the volume's first use.
set -eu
root=/var/www/phpbb
cli_root=/usr/local/lib/phpbb-installer
state=/var/lib/phpbb

mkdir -p "$cli_root" "$state"
mv "$root/install" "$cli_root/install"
rm -rf "$root/docs" "$root/develop"
for entry in cache store files config.php images/avatars/upload; do
    rm -rf "${root:?}/$entry"
    ln -s "$state/$entry" "$root/$entry"
done
for entry in "$root"/* "$root"/.htaccess; do
    [ -e "$entry" ] || [ -L "$entry" ] || continue
    ln -s "$entry" "$cli_root/$(basename "$entry")"
done
# The program is root's and read-only; uid 33 (www-data) owns only the volume.
chown -R root:root "$root" "$cli_root"
chmod -R go-w "$root" "$cli_root"
chown 33:33 "$state"
