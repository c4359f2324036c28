#!/usr/bin/env sh
# Installs k3j like K3s's installer: the launcher as $INSTALL_K3S_BIN_DIR/k3s (default
# /usr/local/bin) with k3j.jar beside it and a kubectl symlink; then, unless
# INSTALL_K3S_SKIP_START=true, a k3s systemd service (or a background process where systemd
# is not running) started with the arguments given to this script (default: server).
# Other variables: INSTALL_K3S_SKIP_ENABLE, INSTALL_K3S_SYMLINK=skip, INSTALL_K3S_SYSTEMD_DIR.
set -eu

src=$(dirname "$(readlink -f "$0")")
bin_dir=${INSTALL_K3S_BIN_DIR:-/usr/local/bin}
systemd_dir=${INSTALL_K3S_SYSTEMD_DIR:-/etc/systemd/system}

jar="$src/target/k3j.jar"
if [ -f "$src/pom.xml" ]; then
  "$src/k3s" --version >/dev/null       # builds the jar when needed
elif [ -f "$src/k3j.jar" ]; then
  jar="$src/k3j.jar"
fi
[ -f "$jar" ] || { echo "install.sh: $jar not found" >&2; exit 1; }

mkdir -p "$bin_dir"
install -m 0644 "$jar" "$bin_dir/k3j.jar"
install -m 0755 "$src/k3s" "$bin_dir/k3s"
if [ "${INSTALL_K3S_SYMLINK:-}" != "skip" ]; then
  for cmd in kubectl; do
    if [ ! -e "$bin_dir/$cmd" ] || [ -L "$bin_dir/$cmd" ]; then
      ln -sf k3s "$bin_dir/$cmd"
    else
      echo "install.sh: $bin_dir/$cmd exists and is not a symlink; leaving it alone" >&2
    fi
  done
fi
echo "install.sh: installed $bin_dir/k3s and $bin_dir/k3j.jar"

if [ "${INSTALL_K3S_SKIP_START:-false}" = "true" ]; then
  exit 0
fi
[ $# -gt 0 ] || set -- server
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
  cat > "$systemd_dir/k3s.service" <<UNIT
[Unit]
Description=Lightweight Kubernetes (k3j)
Documentation=https://k3s.io
Wants=network-online.target
After=network-online.target

[Service]
Type=simple
EnvironmentFile=-/etc/default/%N
EnvironmentFile=-/etc/sysconfig/%N
EnvironmentFile=-/etc/systemd/system/k3s.service.env
KillMode=process
Delegate=yes
LimitNOFILE=1048576
TimeoutStartSec=0
Restart=always
RestartSec=5s
ExecStart=$bin_dir/k3s $*

[Install]
WantedBy=multi-user.target
UNIT
  systemctl daemon-reload
  [ "${INSTALL_K3S_SKIP_ENABLE:-false}" = "true" ] || systemctl enable k3s >/dev/null
  systemctl restart k3s
  echo "install.sh: started k3s.service"
else
  mkdir -p /var/log
  nohup "$bin_dir/k3s" "$@" >>/var/log/k3s.log 2>&1 &
  echo "install.sh: systemd is not running; started k3s in the background (pid $!, log /var/log/k3s.log)"
fi
