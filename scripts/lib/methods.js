// The HTTP methods an OpenAPI path item may hold, in the order the docs list them.
export const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];
