#!/bin/sh
# Fetches CloudStack-style instance data from the network's data server (the virtual router, $1): user data, SSH
# public keys and the password server on :8080. Every request is short and may fail: not every network has a router
# that serves data. Busybox wget's own -T option crashes in Debian's busybox-static 1.35, hence `timeout`.
router=$1
fetch() {
  timeout 2 wget -q -Y off -O "$@" 2> /dev/null
}

if fetch /run/user-data.tmp "http://$router/latest/user-data"; then
  mv /run/user-data.tmp /run/user-data
else
  rm -f /run/user-data.tmp
fi

if fetch /run/public-keys "http://$router/latest/meta-data/public-keys" && [ -s /run/public-keys ]; then
  mkdir -p /root/.ssh
  chmod 700 /root/.ssh
  cat /run/public-keys >> /root/.ssh/authorized_keys
  echo >> /root/.ssh/authorized_keys
  chmod 600 /root/.ssh/authorized_keys
fi
rm -f /run/public-keys

password=$(fetch - --header "DomU_Request: send_my_password" "http://$router:8080/" | tr -d '\r\n')
case "$password" in
  "" | saved_password | bad_request) ;;
  *)
    # Busybox has no chpasswd: hash with mkpasswd (password on fd 0, never on a command line) and edit the shadow file.
    hash=$(printf '%s' "$password" | mkpasswd -m sha512 -P 0)
    if [ -n "$hash" ]; then
      sed -i "s|^root:[^:]*:|root:$hash:|" /etc/shadow
      fetch - --header "DomU_Request: saved_password" "http://$router:8080/" > /dev/null
    fi
    ;;
esac
exit 0
