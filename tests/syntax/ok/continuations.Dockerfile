FROM alpine
RUN apk add --no-cache \
    curl \
# a comment inside the continuation
    # an indented one

    git
ENV PATH=/a\\
RUN echo trailing \  	
  done
\
RUN echo after lone escape
RUN echo at eof \