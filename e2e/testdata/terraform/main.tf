# One configuration covering every resource Virga serves to Terraform. The
# e2e test TestTerraform applies it, checks that the next plan is empty and
# destroys it. Credentials come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.

variable "endpoint" {
  type = string
}

variable "code_zip" {
  type = string
}

variable "layer_zip" {
  type = string
}

# canary_version is the version the alias still sends 10% of its traffic to:
# empty on the first apply, "1" on the second, which publishes version 2.
variable "canary_version" {
  type    = string
  default = ""
}

provider "aws" {
  region                  = "us-east-1"
  skip_metadata_api_check = true
  s3_use_path_style       = true

  endpoints {
    apigatewayv2 = var.endpoint
    events       = var.endpoint
    iam          = var.endpoint
    lambda       = var.endpoint
    logs         = var.endpoint
    scheduler    = var.endpoint
    sns          = var.endpoint
    sqs          = var.endpoint
    s3           = var.endpoint
    sfn          = var.endpoint
    sts          = var.endpoint
  }
}

data "aws_caller_identity" "me" {}

# --- IAM ---------------------------------------------------------------------

resource "aws_iam_role" "fn" {
  name = "tf-fn"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  tags = { team = "core" }
}

resource "aws_iam_role_policy" "queue" {
  name = "read-queue"
  role = aws_iam_role.fn.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]
      Resource = aws_sqs_queue.in.arn
    }]
  })
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.fn.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role" "scheduler" {
  name = "tf-scheduler"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "scheduler.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_iam_role" "states" {
  name = "tf-states"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "states.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

# --- Logs --------------------------------------------------------------------

resource "aws_cloudwatch_log_group" "fn" {
  name              = "/aws/lambda/tf-fn"
  retention_in_days = 7
  tags              = { team = "core" }
}

# --- Lambda ------------------------------------------------------------------

resource "aws_lambda_layer_version" "lib" {
  layer_name          = "tf-lib"
  filename            = var.layer_zip
  source_code_hash    = filebase64sha256(var.layer_zip)
  compatible_runtimes = ["python3.12"]
  description         = "shared helpers"
}

resource "aws_lambda_layer_version_permission" "lib" {
  layer_name     = aws_lambda_layer_version.lib.layer_arn
  version_number = aws_lambda_layer_version.lib.version
  statement_id   = "share"
  action         = "lambda:GetLayerVersion"
  principal      = data.aws_caller_identity.me.account_id
}

resource "aws_lambda_function" "fn" {
  function_name    = "tf-fn"
  role             = aws_iam_role.fn.arn
  runtime          = "python3.12"
  handler          = "app.handler"
  filename         = var.code_zip
  source_code_hash = filebase64sha256(var.code_zip)
  layers           = [aws_lambda_layer_version.lib.arn]
  description      = "greets through a layer"
  memory_size      = 256
  timeout          = 10
  publish          = true

  reserved_concurrent_executions = 5

  environment {
    variables = { MODE = "terraform" }
  }

  tracing_config {
    mode = "Active"
  }

  logging_config {
    log_format            = "JSON"
    log_group             = aws_cloudwatch_log_group.fn.name
    application_log_level = "INFO"
    system_log_level      = "INFO"
  }

  tags = { team = "core" }

  depends_on = [aws_iam_role_policy_attachment.basic]
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version

  dynamic "routing_config" {
    for_each = var.canary_version == "" ? [] : [var.canary_version]
    content {
      additional_version_weights = { (routing_config.value) = 0.1 }
    }
  }
}

resource "aws_lambda_permission" "sns" {
  statement_id  = "from-sns"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "sns.amazonaws.com"
  source_arn    = aws_sns_topic.news.arn
}

resource "aws_lambda_permission" "events" {
  statement_id  = "from-events"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.tick.arn
}

resource "aws_lambda_permission" "apigw" {
  statement_id  = "from-apigw"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.http.execution_arn}/*/*"
}

resource "aws_lambda_function_event_invoke_config" "fn" {
  function_name                = aws_lambda_function.fn.function_name
  maximum_event_age_in_seconds = 600
  maximum_retry_attempts       = 1

  destination_config {
    on_failure {
      destination = aws_sqs_queue.dlq.arn
    }
  }
}

resource "aws_lambda_provisioned_concurrency_config" "live" {
  function_name                     = aws_lambda_alias.live.function_name
  qualifier                         = aws_lambda_alias.live.name
  provisioned_concurrent_executions = 1
}

resource "aws_lambda_function_url" "fn" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["GET", "POST"]
    max_age       = 60
  }
}

resource "aws_lambda_event_source_mapping" "queue" {
  event_source_arn = aws_sqs_queue.in.arn
  function_name    = aws_lambda_function.fn.arn
  batch_size       = 5
  enabled          = true

  filter_criteria {
    filter {
      pattern = jsonencode({ body = { kind = ["order"] } })
    }
  }

  depends_on = [aws_iam_role_policy.queue]
}

data "aws_lambda_invocation" "hello" {
  function_name = aws_lambda_function.fn.function_name
  input         = jsonencode({ name = "terraform" })
}

# --- SQS ---------------------------------------------------------------------

# The provider waits ~25 s after creating or deleting a queue (it polls until
# three reads agree, 7 s apart), so the queues stand side by side rather than
# one naming the other in a redrive policy, which would double the wait.
resource "aws_sqs_queue" "dlq" {
  name                      = "tf-dlq"
  message_retention_seconds = 1209600
}

resource "aws_sqs_queue" "in" {
  name                       = "tf-in"
  visibility_timeout_seconds = 60
  tags                       = { team = "core" }
}

resource "aws_sqs_queue_policy" "in" {
  queue_url = aws_sqs_queue.in.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "from-topic"
      Effect    = "Allow"
      Principal = { Service = "sns.amazonaws.com" }
      Action    = "sqs:SendMessage"
      Resource  = aws_sqs_queue.in.arn
      Condition = { ArnEquals = { "aws:SourceArn" = aws_sns_topic.news.arn } }
    }]
  })
}

# --- SNS ---------------------------------------------------------------------

resource "aws_sns_topic" "news" {
  name = "tf-news"
  tags = { team = "core" }
}

resource "aws_sns_topic_subscription" "fn" {
  topic_arn = aws_sns_topic.news.arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.fn.arn
}

resource "aws_sns_topic_subscription" "queue" {
  topic_arn            = aws_sns_topic.news.arn
  protocol             = "sqs"
  endpoint             = aws_sqs_queue.in.arn
  raw_message_delivery = true
  filter_policy        = jsonencode({ kind = ["order"] })
}

# --- EventBridge ---------------------------------------------------------------

resource "aws_cloudwatch_event_rule" "tick" {
  name                = "tf-tick"
  schedule_expression = "rate(1 hour)"
  tags                = { team = "core" }
}

resource "aws_cloudwatch_event_target" "tick" {
  rule      = aws_cloudwatch_event_rule.tick.name
  target_id = "fn"
  arn       = aws_lambda_function.fn.arn
  input     = jsonencode({ from = "rule" })
}

resource "aws_scheduler_schedule" "nightly" {
  name                         = "tf-nightly"
  schedule_expression          = "cron(0 3 * * ? *)"
  schedule_expression_timezone = "Europe/Paris"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = aws_lambda_function.fn.arn
    role_arn = aws_iam_role.scheduler.arn
    input    = jsonencode({ from = "scheduler" })
  }
}

# --- API Gateway HTTP API --------------------------------------------------------

resource "aws_apigatewayv2_api" "http" {
  name          = "tf-http"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "fn" {
  api_id                 = aws_apigatewayv2_api.http.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fn.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "hello" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /hello"
  target    = "integrations/${aws_apigatewayv2_integration.fn.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.http.id
  name        = "$default"
  auto_deploy = true
}

# --- S3 ------------------------------------------------------------------------

# Every refresh of the bucket reads each of its configurations (ACL, CORS,
# website, versioning, acceleration, request payment, logging, lifecycle,
# replication, encryption, object lock, policy, tags); Virga answers them
# as S3 does for a bucket with none configured.
resource "aws_s3_bucket" "uploads" {
  bucket = "tf-uploads"
  tags   = { team = "core" }
}

resource "aws_s3_bucket_policy" "uploads" {
  bucket = aws_s3_bucket.uploads.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "read"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::${data.aws_caller_identity.me.account_id}:root" }
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.uploads.arn}/*"
    }]
  })
}

resource "aws_s3_object" "readme" {
  bucket       = aws_s3_bucket.uploads.id
  key          = "docs/readme.txt"
  content      = "hello from terraform"
  content_type = "text/plain"
  tags         = { team = "core" }
}

resource "aws_lambda_permission" "s3" {
  statement_id  = "from-s3"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.fn.function_name
  principal     = "s3.amazonaws.com"
  source_arn    = aws_s3_bucket.uploads.arn
}

resource "aws_s3_bucket_notification" "uploads" {
  bucket = aws_s3_bucket.uploads.id

  lambda_function {
    lambda_function_arn = aws_lambda_function.fn.arn
    events              = ["s3:ObjectCreated:*"]
    filter_prefix       = "in/"
    filter_suffix       = ".txt"
  }

  depends_on = [aws_lambda_permission.s3]
}

# --- Step Functions ----------------------------------------------------------------

resource "aws_sfn_state_machine" "greet" {
  name     = "tf-greet"
  role_arn = aws_iam_role.states.arn
  definition = jsonencode({
    StartAt = "Greet"
    States = {
      Greet = {
        Type       = "Task"
        Resource   = "arn:aws:states:::lambda:invoke"
        Parameters = { FunctionName = aws_lambda_function.fn.arn, Payload = { name = "states" } }
        OutputPath = "$.Payload"
        Next       = "Done"
      }
      Done = { Type = "Succeed" }
    }
  })
  tags = { team = "core" }
}

output "invocation" {
  value = data.aws_lambda_invocation.hello.result
}

output "function_url" {
  value = aws_lambda_function_url.fn.function_url
}

output "state_machine" {
  value = aws_sfn_state_machine.greet.arn
}

output "api_endpoint" {
  value = aws_apigatewayv2_api.http.api_endpoint
}
