pub mod integrity;
pub mod placeholder;
pub mod schema;
