pub mod integrity;
pub mod schema;
