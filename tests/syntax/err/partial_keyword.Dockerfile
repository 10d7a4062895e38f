FROM alpine
RU
RUN echo 1
COPY a /b
