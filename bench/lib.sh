# Shared by the bench scripts: find a Java 25 runtime.
java_home() {
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    for d in /usr/lib/jvm/*25*; do
      [ -x "$d/bin/java" ] && JAVA_HOME="$d" && break
    done
  fi
  export JAVA_HOME
}
