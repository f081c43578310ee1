#!/usr/bin/env bash
# Back up the portal: the PostgreSQL database (pg_dump, custom format) and the upload folder (tar).
#
#   DATABASE_URL=postgres://user:pass@host:5432/firesvc MEDIA_ROOT=/app/var/media scripts/backup.sh /backups
#
# Writes TARGET/firesvc-YYYYMMDDTHHMMSSZ/ with db.dump, media.tar.gz and SHA256SUMS, readable by
# the owner only (the backup holds personal data), and prints that folder's path on the last line.
# The dump is consistent by itself (one snapshot); take it while the portal runs. Files uploaded
# during the backup may be in the tar without their row, never the reverse of a committed row
# whose file was written before the commit (uploads are stored before their row is saved).
set -euo pipefail
umask 077

target=${1:-}
if [ -z "$target" ]; then
  echo "usage: DATABASE_URL=postgres://... MEDIA_ROOT=/path scripts/backup.sh TARGET_DIR" >&2
  exit 2
fi
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/database)}"
case "$DATABASE_URL" in
  postgres://*|postgresql://*) ;;
  *) echo "backup.sh: DATABASE_URL must be a PostgreSQL URL" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
media=${MEDIA_ROOT:-$here/var/media}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$target/firesvc-$stamp"
if [ -e "$out" ]; then
  echo "backup.sh: $out already exists" >&2
  exit 1
fi
mkdir -p "$out.partial"
trap 'rm -rf "$out.partial"' EXIT

# The URL as pg_dump's last argument: libpq reads user, password, host, port and database from it.
pg_dump --format=custom --compress=6 --no-owner --no-privileges --file "$out.partial/db.dump" "$DATABASE_URL"

if [ -d "$media" ]; then
  tar -C "$media" -czf "$out.partial/media.tar.gz" .
else
  echo "backup.sh: upload folder $media does not exist; saving an empty archive" >&2
  tar -czf "$out.partial/media.tar.gz" -T /dev/null
fi

(cd "$out.partial" && sha256sum db.dump media.tar.gz > SHA256SUMS)
mv "$out.partial" "$out"
trap - EXIT
echo "backup.sh: database $(du -h "$out/db.dump" | cut -f1), uploads $(du -h "$out/media.tar.gz" | cut -f1)" >&2
echo "$out"
