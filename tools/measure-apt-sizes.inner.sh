for p in build-essential gcc g++ make cmake git curl wget ca-certificates python3 python3-pip python3-dev python3-venv nodejs npm openjdk-17-jdk-headless openjdk-17-jre-headless default-jdk-headless maven golang-go rustc cargo clang libssl-dev pkg-config unzip zip xz-utils vim nano less tzdata locales sudo openssh-client procps iputils-ping netcat-openbsd jq gnupg postgresql-client default-mysql-client libpq-dev libffi-dev zlib1g-dev autoconf automake libtool imagemagick ffmpeg chromium fonts-liberation xvfb supervisor nginx apache2 php-cli ruby ruby-dev gdb strace htop tini dumb-init gosu musl-tools file bzip2 patch rsync dnsutils; do
  norec=$(apt-get install --assume-no --no-install-recommends $p 2>&1 | grep -oE "After this operation, [0-9.,]+ [kMG]B" | grep -oE "[0-9.,]+ [kMG]B")
  rec=$(apt-get install --assume-no $p 2>&1 | grep -oE "After this operation, [0-9.,]+ [kMG]B" | grep -oE "[0-9.,]+ [kMG]B")
  echo "$p|$norec|$rec"
done
