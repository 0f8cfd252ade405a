pub mod schema;
pub mod integrity;
