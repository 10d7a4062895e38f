//! HTTP for the distribution API: the policy on every hop (scheme, allowed
//! hosts, redirects), the bearer-token dance, and error mapping.

use std::fmt;
use std::net::IpAddr;

use serde::Deserialize;
use ureq::Agent;

use super::auth::{docker_basic_credentials, encode_query, parse_challenge, Challenge};
use super::settings::split_port;
use super::{RegistryError, RegistrySettings};

const MAX_REDIRECTS: usize = 5;
const TOKEN_LIMIT: u64 = 1 << 20;
const USER_AGENT: &str = concat!("docklens/", env!("CARGO_PKG_VERSION"));

/// Two agents because an `HTTPS_PROXY` from the environment must serve
/// remote registries but must never see traffic meant for this machine.
pub(crate) struct Transport {
    proxied: Agent,
    direct: Agent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scheme {
    Http,
    Https,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub scheme: Scheme,
    /// `host[:port]`, lowercased.
    pub authority: String,
    /// Starts with '/'.
    pub path: String,
}

pub(crate) struct Reply {
    pub status: u16,
    pub content_type: Option<String>,
    pub challenges: Vec<String>,
    pub body: Vec<u8>,
}

impl Transport {
    pub fn new(settings: &RegistrySettings) -> Transport {
        let build = |proxy: Option<ureq::Proxy>| {
            Agent::config_builder()
                .http_status_as_error(false)
                // Redirects are followed by hand so that policy sees each hop.
                .max_redirects(0)
                .timeout_connect(Some(settings.timeout))
                .timeout_global(Some(settings.timeout))
                .user_agent(USER_AGENT)
                .proxy(proxy)
                .build()
                .new_agent()
        };
        Transport {
            proxied: build(ureq::Proxy::try_from_env()),
            direct: build(None),
        }
    }

    /// One GET, following redirects the policy allows. The body is read only
    /// for 200 responses, up to `limit` bytes.
    pub fn get(
        &self,
        settings: &RegistrySettings,
        url: &Url,
        accept: Option<&str>,
        mut authorization: Option<&str>,
        limit: u64,
    ) -> Result<Reply, RegistryError> {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            let agent = if is_loopback(&url.authority) {
                &self.direct
            } else {
                &self.proxied
            };
            tracing::debug!(url = %url, "registry request");
            let mut req = agent.get(url.to_string());
            if let Some(a) = accept {
                req = req.header("Accept", a);
            }
            if let Some(a) = authorization {
                req = req.header("Authorization", a);
            }
            let mut resp = req.call().map_err(map_ureq_error)?;
            let status = resp.status().as_u16();
            let header = |name: &str| {
                resp.headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            };
            if matches!(status, 301 | 302 | 303 | 307 | 308) {
                let location = header("location").ok_or_else(|| {
                    RegistryError::Protocol(format!("redirect {status} without a Location"))
                })?;
                let next = url.join(&location).ok_or_else(|| {
                    RegistryError::Protocol(format!("unusable redirect to {location}"))
                })?;
                check_redirect(settings, &url, &next)?;
                if next.scheme != url.scheme || next.authority != url.authority {
                    // Credentials are for the registry, not for its CDN.
                    authorization = None;
                }
                url = next;
                continue;
            }
            let content_type = header("content-type");
            let challenges = resp
                .headers()
                .get_all("www-authenticate")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .map(str::to_string)
                .collect();
            let body = if status == 200 {
                resp.body_mut()
                    .with_config()
                    .limit(limit)
                    .read_to_vec()
                    .map_err(map_ureq_error)?
            } else {
                Vec::new()
            };
            return Ok(Reply {
                status,
                content_type,
                challenges,
                body,
            });
        }
        Err(RegistryError::Protocol("too many redirects".into()))
    }
}

/// The registry's own base URL: Docker Hub's API is not at `docker.io`.
pub(crate) fn registry_base(settings: &RegistrySettings, registry: &str) -> Url {
    let authority = match registry {
        "docker.io" | "index.docker.io" => "registry-1.docker.io".to_string(),
        other => other.to_ascii_lowercase(),
    };
    let scheme = if settings.is_insecure(registry) || settings.is_insecure(&authority) {
        Scheme::Http
    } else {
        Scheme::Https
    };
    Url {
        scheme,
        authority,
        path: "/".into(),
    }
}

/// One image's worth of requests against one registry, carrying the token
/// from the first 401 to the requests after it.
pub(crate) struct Session<'a> {
    pub transport: &'a Transport,
    pub settings: &'a RegistrySettings,
    pub base: Url,
    /// The name credentials are looked up under (`docker.io`, `ghcr.io`).
    pub registry: &'a str,
    pub repository: &'a str,
    pub authorization: Option<String>,
}

impl Session<'_> {
    /// GETs `/v2/<path>`, authenticating once on a 401, and maps every
    /// non-200 answer to its typed error.
    pub fn get(
        &mut self,
        path: &str,
        accept: Option<&str>,
        limit: u64,
    ) -> Result<Reply, RegistryError> {
        let url = Url {
            path: format!("/v2/{}/{path}", self.repository),
            ..self.base.clone()
        };
        let mut reply = self.send(&url, accept, limit)?;
        if reply.status == 401 {
            self.authenticate(&reply.challenges)?;
            reply = self.send(&url, accept, limit)?;
        }
        match reply.status {
            200 => Ok(reply),
            401 | 403 => Err(RegistryError::Unauthorized),
            404 => Err(RegistryError::NotFound),
            status => Err(RegistryError::Server(status)),
        }
    }

    fn send(&self, url: &Url, accept: Option<&str>, limit: u64) -> Result<Reply, RegistryError> {
        self.transport.get(
            self.settings,
            url,
            accept,
            self.authorization.as_deref(),
            limit,
        )
    }

    fn authenticate(&mut self, challenges: &[String]) -> Result<(), RegistryError> {
        let parsed: Vec<Challenge> = challenges
            .iter()
            .filter_map(|c| parse_challenge(c))
            .collect();
        let bearer = parsed.iter().find_map(|c| match c {
            Challenge::Bearer {
                realm,
                service,
                scope,
            } => Some((realm, service, scope)),
            Challenge::Basic => None,
        });
        if let Some((realm, service, scope)) = bearer {
            let token = self.fetch_token(realm, service.as_deref(), scope.as_deref())?;
            self.authorization = Some(format!("Bearer {token}"));
            return Ok(());
        }
        if parsed.contains(&Challenge::Basic) {
            if let Some(creds) = self.basic_credentials() {
                self.authorization = Some(format!("Basic {creds}"));
                return Ok(());
            }
        }
        Err(RegistryError::Unauthorized)
    }

    fn fetch_token(
        &self,
        realm: &str,
        service: Option<&str>,
        scope: Option<&str>,
    ) -> Result<String, RegistryError> {
        let mut url = Url::parse(realm)
            .ok_or_else(|| RegistryError::Protocol(format!("unusable token realm {realm}")))?;
        let same_host = url.authority == self.base.authority;
        if !same_host && !self.settings.is_allowed(&url.authority) {
            return Err(RegistryError::HostNotAllowed {
                host: url.authority,
            });
        }
        if url.scheme == Scheme::Http && !self.settings.is_insecure(&url.authority) {
            return Err(RegistryError::Protocol(format!(
                "refusing plain-HTTP token realm {realm}"
            )));
        }
        let default_scope = format!("repository:{}:pull", self.repository);
        let mut query = Vec::new();
        if let Some(s) = service {
            query.push(format!("service={}", encode_query(s)));
        }
        query.push(format!(
            "scope={}",
            encode_query(scope.unwrap_or(&default_scope))
        ));
        let sep = if url.path.contains('?') { '&' } else { '?' };
        url.path = format!("{}{sep}{}", url.path, query.join("&"));

        let basic = self.basic_credentials().map(|c| format!("Basic {c}"));
        let reply = self.transport.get(
            self.settings,
            &url,
            Some("application/json"),
            basic.as_deref(),
            TOKEN_LIMIT,
        )?;
        match reply.status {
            200 => {}
            401 | 403 => return Err(RegistryError::Unauthorized),
            status => return Err(RegistryError::Server(status)),
        }
        let parsed: TokenReply = serde_json::from_slice(&reply.body)
            .map_err(|e| RegistryError::Protocol(format!("token reply is not valid JSON: {e}")))?;
        let token = parsed
            .token
            .filter(|t| !t.is_empty())
            .or(parsed.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| RegistryError::Protocol("token reply has no token".into()))?;
        // The token goes into a header; a control character would corrupt it.
        if token.bytes().any(|b| b.is_ascii_control() || b == b' ') {
            return Err(RegistryError::Protocol(
                "token has invalid characters".into(),
            ));
        }
        Ok(token)
    }

    fn basic_credentials(&self) -> Option<String> {
        if !self.settings.use_docker_credentials {
            return None;
        }
        let path = self.settings.resolved_docker_config()?;
        docker_basic_credentials(&path, self.registry)
    }
}

#[derive(Deserialize)]
struct TokenReply {
    token: Option<String>,
    access_token: Option<String>,
}

/// Redirect policy: same origin always; otherwise HTTPS anywhere (unless the
/// user restricted redirects to allowed hosts), plain HTTP only to hosts the
/// user marked insecure.
fn check_redirect(settings: &RegistrySettings, from: &Url, to: &Url) -> Result<(), RegistryError> {
    if from.scheme == to.scheme && from.authority == to.authority {
        return Ok(());
    }
    if settings.redirects_to_allowed_only && !settings.is_allowed(&to.authority) {
        return Err(RegistryError::HostNotAllowed {
            host: to.authority.clone(),
        });
    }
    if to.scheme == Scheme::Http && !settings.is_insecure(&to.authority) {
        return Err(RegistryError::Protocol(format!(
            "refusing redirect to plain-HTTP {to}"
        )));
    }
    Ok(())
}

impl Url {
    /// Parses an absolute `http(s)://authority/path?query` URL. Userinfo is
    /// refused: it would put credentials of the server's choosing on the wire.
    pub fn parse(s: &str) -> Option<Url> {
        let (scheme, rest) = if let Some(r) = s.strip_prefix("https://") {
            (Scheme::Https, r)
        } else if let Some(r) = s.strip_prefix("http://") {
            (Scheme::Http, r)
        } else {
            return None;
        };
        let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..end];
        if authority.is_empty()
            || authority.contains('@')
            || authority
                .bytes()
                .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
        {
            return None;
        }
        let mut path = rest[end..].split('#').next().unwrap_or("").to_string();
        if !path.starts_with('/') {
            path.insert(0, '/');
        }
        Some(Url {
            scheme,
            authority: authority.to_ascii_lowercase(),
            path,
        })
    }

    /// Resolves a `Location` header against this URL.
    pub fn join(&self, location: &str) -> Option<Url> {
        let location = location.trim();
        if location.starts_with("http://") || location.starts_with("https://") {
            return Url::parse(location);
        }
        if let Some(rest) = location.strip_prefix("//") {
            let scheme = match self.scheme {
                Scheme::Http => "http",
                Scheme::Https => "https",
            };
            return Url::parse(&format!("{scheme}://{rest}"));
        }
        if location.contains("://") || location.bytes().any(|b| b.is_ascii_control()) {
            return None;
        }
        let path = if location.starts_with('/') {
            location.to_string()
        } else {
            let dir_end = self
                .path
                .split('?')
                .next()
                .unwrap_or("")
                .rfind('/')
                .unwrap_or(0);
            format!("{}/{location}", &self.path[..dir_end])
        };
        Some(Url {
            path,
            ..self.clone()
        })
    }
}

impl fmt::Display for Url {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        write!(f, "{scheme}://{}{}", self.authority, self.path)
    }
}

fn is_loopback(authority: &str) -> bool {
    let (host, _) = split_port(authority);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn map_ureq_error(e: ureq::Error) -> RegistryError {
    match e {
        ureq::Error::Timeout(_) => RegistryError::Timeout,
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock
            ) =>
        {
            RegistryError::Timeout
        }
        ureq::Error::Io(io) => RegistryError::Io(io.to_string()),
        ureq::Error::HostNotFound => RegistryError::Io("host not found".into()),
        ureq::Error::ConnectionFailed => RegistryError::Io("connection failed".into()),
        ureq::Error::BodyExceedsLimit(limit) => {
            RegistryError::Protocol(format!("response larger than {limit} bytes"))
        }
        other => RegistryError::Protocol(other.to_string()),
    }
}
