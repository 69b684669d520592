//! The values that are not core records: `Applied` (a command's result and
//! events) and the batch outcomes, built as the dataclasses of
//! `frontdesk._values`, and `Inbound`, a native class holding a validated core
//! message. Every other value is a dataclass of `frontdesk._records`,
//! generated from the core's structs (`convert::record`).

use crate::convert::{events, member, record};
use crate::errors::exception;
use frontdesk as core;
use pyo3::prelude::*;
use pyo3::types::PyTuple;
use pyo3::IntoPyObjectExt;

/// A `frontdesk._values.Applied`.
pub type Applied = Py<PyAny>;

/// An instance of the `frontdesk._values` dataclass `class`.
fn value<'py>(py: Python<'py>, class: &str, fields: impl pyo3::call::PyCallArgs<'py>) -> PyResult<Py<PyAny>> {
    Ok(py.import("frontdesk._values")?.getattr(class)?.call1(fields)?.unbind())
}

/// A command's result and its events as an `Applied`.
pub fn applied<'py, T: IntoPyObject<'py>>(py: Python<'py>, applied: core::Applied<T>) -> PyResult<Applied> {
    let mut v = applied.value.into_py_any(py)?;
    // Commands without a result give `()`, which Python should see as None.
    if v.bind(py).cast::<PyTuple>().is_ok_and(|t| t.is_empty()) {
        v = py.None();
    }
    value(py, "Applied", (v, events(py, &applied.events)?))
}

/// What a bulk action did to one conversation, as a `BulkOutcome`.
pub fn bulk_outcome(py: Python<'_>, o: &core::BulkOutcome) -> PyResult<Py<PyAny>> {
    match &o.result {
        Ok(ev) => value(py, "BulkOutcome", (o.conversation.0, events(py, ev)?, py.None())),
        Err(e) => value(py, "BulkOutcome", (o.conversation.0, py.None(), exception(py, e).into_value(py))),
    }
}

/// One conversation of a bulk export, as an `ExportOutcome`.
pub fn export_outcome(py: Python<'_>, o: &core::ExportOutcome) -> PyResult<Py<PyAny>> {
    match &o.result {
        Ok(t) => value(py, "ExportOutcome", (o.conversation.0, record(py, t)?, py.None())),
        Err(e) => value(py, "ExportOutcome", (o.conversation.0, py.None(), exception(py, e).into_value(py))),
    }
}

/// An inbound message for `Workspace.receive_messages` (the batch call).
#[pyclass(frozen, module = "frontdesk")]
pub struct Inbound {
    /// The channel.
    #[pyo3(get)]
    pub channel: Py<PyAny>,
    /// The text.
    #[pyo3(get)]
    pub body: String,
    /// The sender's address on the channel (phone, email, handle) ...
    #[pyo3(get)]
    pub handle: Option<String>,
    /// ... or a known contact id.
    #[pyo3(get)]
    pub contact: Option<u64>,
    /// Attachments.
    #[pyo3(get)]
    pub attachments: Py<PyTuple>,
    /// Source campaign.
    #[pyo3(get)]
    pub campaign: Option<String>,
    pub(crate) core: core::Inbound,
}

#[pymethods]
impl Inbound {
    #[new]
    #[pyo3(signature = (*, channel, body, handle = None, contact = None, attachments = None, campaign = None))]
    fn py_new(
        py: Python<'_>,
        channel: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        handle: Option<&Bound<'_, PyAny>>,
        contact: Option<&Bound<'_, PyAny>>,
        attachments: Option<&Bound<'_, PyAny>>,
        campaign: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Inbound> {
        let core = crate::inbound(channel, body, handle, contact, attachments, campaign)?;
        let atts = core.attachments.iter().map(|a| record(py, a)).collect::<PyResult<Vec<_>>>()?;
        let (handle, contact) = match &core.from {
            core::Sender::Address { handle } => (Some(handle.clone()), None),
            core::Sender::Contact { contact } => (None, Some(contact.0)),
        };
        Ok(Inbound {
            channel: member(py, "Channel", core.channel.as_str())?.unbind(),
            body: core.body.clone(),
            handle,
            contact,
            attachments: PyTuple::new(py, atts)?.unbind(),
            campaign: core.campaign.clone(),
            core,
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        let (names, fields) =
            (["channel", "body", "handle", "contact", "attachments", "campaign"], self.fields(py)?);
        let parts = names.iter().zip(fields.iter()).map(|(n, v)| Ok(format!("{n}={}", v.repr()?)));
        Ok(format!("Inbound({})", parts.collect::<PyResult<Vec<_>>>()?.join(", ")))
    }

    fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
        match other.cast::<Inbound>() {
            Ok(other) => self.fields(py)?.eq(other.get().fields(py)?),
            Err(_) => Ok(false),
        }
    }

    fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
        self.fields(py)?.hash()
    }

    /// Pickles as a call of `Inbound._rebuild` with the constructor's arguments.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyTuple>)> {
        Ok((py.get_type::<Inbound>().getattr("_rebuild")?, self.fields(py)?))
    }

    #[staticmethod]
    fn _rebuild(
        py: Python<'_>,
        channel: &Bound<'_, PyAny>,
        body: &Bound<'_, PyAny>,
        handle: Option<&Bound<'_, PyAny>>,
        contact: Option<&Bound<'_, PyAny>>,
        attachments: Option<&Bound<'_, PyAny>>,
        campaign: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Inbound> {
        Inbound::py_new(py, channel, body, handle, contact, attachments, campaign)
    }
}

impl Inbound {
    fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        (&self.channel, &self.body, &self.handle, &self.contact, &self.attachments, &self.campaign)
            .into_pyobject(py)
    }
}
