FROM alpine
CMD ["a",
RUN echo after
