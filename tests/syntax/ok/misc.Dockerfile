  FROM alpine:3.22 as Base
maintainer Jane Doe <jane@example.com>
WORKDIR /app
USER 1000:1000
STOPSIGNAL SIGTERM
EXPOSE 80/tcp 443 53/udp
from base
	RUN echo indented
FOO bar baz
