FROM alpine
CMD ["a", "b c"]
ENTRYPOINT [ "/bin/sh", "-c" ]
RUN ["echo", "\u00e9\n"]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
CMD ['single', 'quotes']
CMD ["unterminated"
CMD []
VOLUME ["/data", "/logs"]
VOLUME /a /b
