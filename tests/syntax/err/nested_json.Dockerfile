FROM alpine
CMD [ "echo", [ "nested json" ] ]
RUN echo after
