//! The cleanup rules say what the leftover costs, with "≈" and the basis:
//! our own measurement where there is one, the savings projects reported
//! otherwise, and nothing where nobody measured.

use docklens::{
    model::{self, KnowledgeBaseFacts, ModelOptions},
    rules::{self, Config, Environment},
    syntax,
};
use insta::assert_snapshot;

const CODES: &[&str] = &[
    "DL3009", "DL3015", "DL3019", "DL3032", "DL3036", "DL3040", "DL3042", "DL3059", "DL3060",
];

/// `line code: message` for the cleanup rules, in position order.
fn messages(text: &str) -> String {
    let parse = syntax::parse(text);
    let model = model::analyze(text, &parse, &ModelOptions::default(), &KnowledgeBaseFacts);
    rules::check(
        text,
        &parse,
        &model,
        &Config::default(),
        &Environment::default(),
    )
    .into_iter()
    .filter(|it| CODES.contains(&it.code))
    .map(|it| {
        let line = text[..it.range.start()].matches('\n').count() + 1;
        format!("{line} {}: {}", it.code, it.message)
    })
    .collect::<Vec<_>>()
    .join("\n")
}

#[test]
fn apt_lists_and_recommends() {
    assert_snapshot!(messages(
        "FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y curl=7.88 git=1:2.39 make=4.3 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends jq=1.6
RUN apt-get install -y nano=7.2 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y curl=7.88 nano=7.2 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y bzip2=1.0.8 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y build-essential=12.9 curl=7.88 git=1:2.39 make=4.3 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y curl=7.88 libfoo1=1.0 && rm -rf /var/lib/apt/lists/*
RUN apt-get install -y libfoo1=1.0 ./local.deb $EXTRA && rm -rf /var/lib/apt/lists/*
"
    ));
}

#[test]
fn caches_of_other_package_managers() {
    assert_snapshot!(messages(
        "FROM python:3.13-alpine
RUN apk add curl=8.5.0-r0
RUN pip install flask==3.0.0
RUN yarn install --frozen-lockfile && echo done
RUN dnf install -y httpd-2.4 && echo done
RUN yum install -y httpd-2.4 && echo done
RUN zypper install -y curl=8 && echo done
"
    ));
}

#[test]
fn consecutive_runs_say_what_joining_them_saves() {
    assert_snapshot!(messages(
        "FROM debian:bookworm-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88
RUN rm -rf /var/lib/apt/lists/*
WORKDIR /app
RUN mkdir -p /srv/app
RUN chown nobody /srv/app
"
    ));
}
