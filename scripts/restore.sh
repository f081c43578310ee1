#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and upload folder.
#
#   createdb firesvc_restored
#   DATABASE_URL=postgres://user:pass@host:5432/firesvc_restored MEDIA_ROOT=/app/var/media \
#     scripts/restore.sh /backups/firesvc-20261129T020000Z
#
# Checks the SHA256SUMS first, refuses a database that already has tables and an upload folder
# that already has files (pass --force to restore over them: the database objects of the backup
# are dropped and re-created, the files are overwritten). Afterwards run
#   python manage.py migrate && python manage.py verify_audit
# (migrate is a no-op for a backup of the same version; it upgrades an older one).
set -euo pipefail

force=""
if [ "${1:-}" = "--force" ]; then
  force=1
  shift
fi
backup=${1:-}
if [ -z "$backup" ] || [ ! -f "$backup/db.dump" ] || [ ! -f "$backup/media.tar.gz" ]; then
  echo "usage: DATABASE_URL=postgres://... MEDIA_ROOT=/path scripts/restore.sh [--force] BACKUP_DIR" >&2
  exit 2
fi
: "${DATABASE_URL:?set DATABASE_URL (postgres://user:password@host:port/database)}"
here=$(cd "$(dirname "$0")/.." && pwd)
media=${MEDIA_ROOT:-$here/var/media}

(cd "$backup" && sha256sum --check --quiet SHA256SUMS) || { echo "restore.sh: checksum mismatch" >&2; exit 1; }

tables=$(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
if [ "$tables" != "0" ] && [ -z "$force" ]; then
  echo "restore.sh: the database already has $tables tables; restore into a new one or pass --force" >&2
  exit 1
fi
if [ -d "$media" ] && [ -n "$(ls -A "$media" 2>/dev/null)" ] && [ -z "$force" ]; then
  echo "restore.sh: $media is not empty; restore into an empty folder or pass --force" >&2
  exit 1
fi

clean=()
[ -n "$force" ] && clean=(--clean --if-exists)
pg_restore --no-owner --no-privileges --exit-on-error "${clean[@]}" --dbname "$DATABASE_URL" "$backup/db.dump"

mkdir -p "$media"
tar -C "$media" -xzf "$backup/media.tar.gz"
echo "restore.sh: restored $(psql "$DATABASE_URL" -tAc "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") tables and $(find "$media" -type f | wc -l) files" >&2
