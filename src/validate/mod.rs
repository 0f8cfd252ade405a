pub mod integrity;
pub mod page_names;
pub mod placeholder;
pub mod schema;
mod typed_refs;
