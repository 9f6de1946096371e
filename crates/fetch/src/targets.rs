//! What a network example fetches when it is given URLs, and when it is not.

use std::io;
use std::net::SocketAddr;
use std::time::Duration;

use fixture_site::Site;

use crate::{Client, Options};

/// The URLs an example fetches, and the client to fetch them with.
pub struct Targets {
    pub urls: Vec<String>,
    pub client: Client,
    /// The local site when no URLs were given; it stops when `Targets` is dropped.
    site: Option<Site>,
}

impl Targets {
    /// The URLs the user `given`, or, when there are none, `paths` on the local fixture site,
    /// started now with `latency` and reached directly, never through a proxy.
    pub fn new(
        given: Vec<String>,
        paths: &[&str],
        latency: Duration,
        options: &Options,
    ) -> io::Result<Targets> {
        let client = Client::new(options);
        if !given.is_empty() {
            return Ok(Targets {
                urls: given,
                client,
                site: None,
            });
        }
        let site = Site::start(latency)?;
        Ok(Targets {
            urls: paths.iter().map(|path| site.url(path)).collect(),
            client: client.direct_to(site.addr()),
            site: Some(site),
        })
    }

    /// The local site's address, when the URLs are its pages.
    pub fn site_addr(&self) -> Option<SocketAddr> {
        self.site.as_ref().map(Site::addr)
    }
}
