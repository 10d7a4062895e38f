FROM alpine
RUN <<EOF
apk add curl
# a comment in the body
echo done
EOF
RUN <<-EOT
	echo indented
	EOT
RUN <<'NOEXPAND'
echo $HOME
NOEXPAND
RUN << SPACED
echo spaced
SPACED
RUN <<F1 cat > /a && <<F2 cat > /b
one
F1
two
F2
RUN python3 <<PY > /out.txt
#!/usr/bin/env python3
print('hi')
PY
RUN 3<<FD cat <&3
fd
FD
RUN --mount=type=cache,target=/root/.cache <<EOF
pip install x
EOF
COPY <<EOF /etc/app.conf
key=value
EOF
COPY --chmod=0755 <<-"EOT" /script.sh
	#!/bin/sh
	echo hi
	EOT
COPY <<A <<B /dir/
a
A
b
B
ONBUILD RUN <<EOF
echo onbuild
EOF
RUN ["<<EOF"]
RUN "<<EOF"
USER <<NOT
RUN echo <<- EOF
RUN echo after
