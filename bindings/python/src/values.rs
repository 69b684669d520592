//! The native value classes: `Applied` (a command's result and events), the
//! outcomes of batch calls, and `Inbound`. Every other value is a dataclass of
//! `frontdesk._records`, generated from the core's structs (`convert::record`).

use crate::convert::{events, member, record};
use frontdesk as core;
use pyo3::prelude::*;
use pyo3::types::{PyList, PyTuple};

/// Declares a value class and gives it, from its one list of fields, what a
/// Python value has: `==` and `hash` over every field, a repr in Python
/// syntax (`Delivered(conversation=1, message=2, contact=None)`) and pickling
/// (`__reduce__` rebuilds it from its fields through `_rebuild`).
macro_rules! value {
    (
        $(#[$attr:meta])*
        pub struct $name:ident { $($(#[doc = $fdoc:literal])* pub $field:ident: $ty:ty,)* }
    ) => {
        $(#[$attr])*
        pub struct $name { $($(#[doc = $fdoc])* pub $field: $ty,)* }

        #[pymethods]
        impl $name {
            fn __eq__(&self, py: Python<'_>, other: &Bound<'_, PyAny>) -> PyResult<bool> {
                match other.cast::<$name>() {
                    Ok(other) => self.fields(py)?.eq(other.get().fields(py)?),
                    Err(_) => Ok(false),
                }
            }

            fn __hash__(&self, py: Python<'_>) -> PyResult<isize> {
                // A field holding a list (an Applied's events) hashes by its repr.
                let fields = self.fields(py)?;
                fields.hash().or_else(|_| fields.repr()?.hash())
            }

            fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
                let fields = self.fields(py)?;
                let parts = [$(stringify!($field)),*]
                    .iter()
                    .zip(fields.iter())
                    .map(|(name, value)| Ok(format!("{name}={}", value.repr()?)))
                    .collect::<PyResult<Vec<_>>>()?;
                Ok(format!("{}({})", stringify!($name), parts.join(", ")))
            }

            fn __reduce__<'py>(
                &self,
                py: Python<'py>,
            ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyTuple>,))> {
                Ok((py.get_type::<$name>().getattr("_rebuild")?, (self.fields(py)?,)))
            }

            #[staticmethod]
            fn _rebuild(fields: &Bound<'_, PyTuple>) -> PyResult<$name> {
                let mut items = fields.iter();
                let mut next = || {
                    items.next().ok_or_else(|| {
                        pyo3::exceptions::PyValueError::new_err(concat!("too few fields for ", stringify!($name)))
                    })
                };
                Ok($name { $($field: next()?.extract()?,)* })
            }
        }

        impl $name {
            fn fields<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
                use pyo3::IntoPyObjectExt;
                PyTuple::new(py, [$((&self.$field).into_bound_py_any(py)?),*])
            }
        }
    };
}

value! {
    /// What a command returned (`value`) and the events it caused (`events`, the
    /// typed classes of `frontdesk.events`, each with a `type` discriminator).
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct Applied {
        /// The command's result: a new id, a `Delivered`, a chosen user, or None.
        pub value: Py<PyAny>,
        /// The events, in order.
        pub events: Py<PyList>,
    }
}

#[pymethods]
impl Applied {
    /// `Applied[Delivered]` in annotations: the value's type.
    #[classmethod]
    fn __class_getitem__<'py>(
        cls: &Bound<'py, pyo3::types::PyType>,
        item: &Bound<'py, PyAny>,
    ) -> PyResult<Bound<'py, PyAny>> {
        cls.py().import("types")?.getattr("GenericAlias")?.call1((cls, item))
    }
}

impl Applied {
    pub fn new<'py, T: IntoPyObject<'py>>(py: Python<'py>, applied: core::Applied<T>) -> PyResult<Applied> {
        let mut value = pyo3::IntoPyObjectExt::into_py_any(applied.value, py)?;
        // Commands without a result give `()`, which Python should see as None.
        if value.bind(py).cast::<PyTuple>().is_ok_and(|t| t.is_empty()) {
            value = py.None();
        }
        Ok(Applied { value, events: events(py, &applied.events)?.unbind() })
    }
}

value! {
    /// What a bulk action did to one conversation: its events, or the error that
    /// left it unchanged.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct BulkOutcome {
        /// The conversation.
        pub conversation: u64,
        /// The events (None when refused).
        pub events: Option<Py<PyList>>,
        /// The refusal (a FrontdeskError), or None.
        pub error: Option<Py<PyAny>>,
    }
}

impl BulkOutcome {
    pub fn new(py: Python<'_>, o: &core::BulkOutcome) -> PyResult<BulkOutcome> {
        Ok(match &o.result {
            Ok(ev) => BulkOutcome {
                conversation: o.conversation.0,
                events: Some(events(py, ev)?.unbind()),
                error: None,
            },
            Err(e) => BulkOutcome {
                conversation: o.conversation.0,
                events: None,
                error: Some(crate::errors::exception(py, e).into_value(py).into_any()),
            },
        })
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

value! {
    /// One conversation of a bulk export: its transcript, or the refusal.
    #[pyclass(frozen, get_all, module = "frontdesk")]
    pub struct ExportOutcome {
        /// The conversation.
        pub conversation: u64,
        /// Its transcript (None when refused).
        pub transcript: Option<Py<PyAny>>,
        /// The refusal (a FrontdeskError), or None.
        pub error: Option<Py<PyAny>>,
    }
}

impl ExportOutcome {
    pub fn new(py: Python<'_>, o: &core::ExportOutcome) -> PyResult<ExportOutcome> {
        Ok(match &o.result {
            Ok(t) => ExportOutcome {
                conversation: o.conversation.0,
                transcript: Some(record(py, t)?.unbind()),
                error: None,
            },
            Err(e) => ExportOutcome {
                conversation: o.conversation.0,
                transcript: None,
                error: Some(crate::errors::exception(py, e).into_value(py).into_any()),
            },
        })
    }
}
