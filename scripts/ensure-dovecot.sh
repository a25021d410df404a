#!/usr/bin/env bash
# Makes sure Dovecot's IMAP server is installed for the email channel's tests (they start their own
# throwaway instance on 127.0.0.1 with a self-signed certificate; nothing is configured system-wide).
set -euo pipefail
[ -x /usr/sbin/dovecot ] && command -v openssl >/dev/null 2>&1 && exit 0
[ "$(id -u)" = 0 ] || { echo "dovecot-imapd is not installed; run as root or install it" >&2; exit 1; }
echo "installing dovecot-imapd and openssl from Debian's packages" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd openssl >/dev/null
# The package starts a system-wide Dovecot on the standard ports; the tests need none of it.
systemctl disable --now dovecot >/dev/null 2>&1 || service dovecot stop >/dev/null 2>&1 || true
