// The templates a new function can start from: one file each, so the code
// tab can edit them.
export const templates = {
  python: {
    label: "Python 3.12: hello world",
    runtime: "python3.12",
    handler: "lambda_function.handler",
    file: "lambda_function.py",
    code: `import json


def handler(event, context):
    print("event:", json.dumps(event))
    return {"statusCode": 200, "body": json.dumps({"message": "Hello from Virga"})}
`,
  },
  node: {
    label: "Node.js 20: hello world",
    runtime: "nodejs20.x",
    handler: "index.handler",
    file: "index.mjs",
    code: `export const handler = async (event, context) => {
  console.log("event:", JSON.stringify(event));
  return { statusCode: 200, body: JSON.stringify({ message: "Hello from Virga" }) };
};
`,
  },
};
