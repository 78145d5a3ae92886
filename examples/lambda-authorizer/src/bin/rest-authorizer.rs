//! The REST API REQUEST authorizer function.

use aws_lambda_events::apigw::ApiGatewayCustomAuthorizerRequestTypeRequest;
use lambda_runtime::{service_fn, Error, LambdaEvent};
use std::time::SystemTime;
use truststore_lambda_authorizer::Authorizer;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Error> {
    // Loaded once per container; every invocation reuses it.
    let authorizer = Authorizer::from_env()?;
    let authorizer = &authorizer;
    lambda_runtime::run(service_fn(
        move |event: LambdaEvent<ApiGatewayCustomAuthorizerRequestTypeRequest>| async move {
            Ok::<_, Error>(authorizer.rest(&event.payload, SystemTime::now())?)
        },
    ))
    .await
}
