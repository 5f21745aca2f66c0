# Expands a SAM template with aws-sam-translator and prints what Virga's
# expansion is compared with.
import json, os, re, sys
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

class Loader:
    def load(self): pass
    def get(self, name): return None

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
text = re.sub(r"CodeUri: (\S+)", r"CodeUri: s3://placeholder/\1", open(sys.argv[1]).read())
template = yaml_parse(text)
defaults = {k: v.get("Default") for k, v in template.get("Parameters", {}).items()}
out = transform(template, {}, Loader())["Resources"]

def ref(v):
    return v.get("Ref") or v.get("Fn::GetAtt", [None])[0] if isinstance(v, dict) else v

def policies(role):
    arns = [p if isinstance(p, str) else p.get("Fn::Sub", "").replace("arn:${AWS::Partition}", "arn:aws")
            for p in role["Properties"].get("ManagedPolicyArns", [])]
    return sorted(arns)

summary = {"functions": {}, "routes": [], "queues": [], "topics": [], "buckets": {}}
for name, r in out.items():
    p = r.get("Properties", {})
    if r["Type"] == "AWS::Lambda::Function":
        summary["functions"][name] = {"Runtime": p["Runtime"], "Handler": p["Handler"], "Timeout": p.get("Timeout", 0),
            "MemorySize": p.get("MemorySize", 0), "Policies": policies(out[ref(p["Role"])]), "Queues": [], "Schedules": [], "Topics": []}
    elif r["Type"] == "AWS::SQS::Queue":
        summary["queues"].append(name)
    elif r["Type"] == "AWS::SNS::Topic":
        summary["topics"].append(name)
    elif r["Type"] == "AWS::S3::Bucket":
        summary["buckets"][name] = sorted(({"Function": ref(c["Function"]), "Event": c["Event"],
            "Rules": c.get("Filter", {}).get("S3Key", {}).get("Rules", [])}
            for c in p.get("NotificationConfiguration", {}).get("LambdaConfigurations", [])), key=json.dumps)
    elif r["Type"] == "AWS::ApiGatewayV2::Api":
        for path, methods in p["Body"]["paths"].items():
            for method, op in methods.items():
                key = ("ANY" if method == "x-amazon-apigateway-any-method" else method.upper()) + " " + path
                fn = op["x-amazon-apigateway-integration"]["uri"]["Fn::Sub"]
                summary["routes"].append({"Key": key, "Function": re.search(r"\$\{(\w+)\.Arn\}", fn).group(1)})
for name, r in out.items():
    p = r.get("Properties", {})
    if r["Type"] == "AWS::Lambda::EventSourceMapping":
        summary["functions"][ref(p["FunctionName"])]["Queues"].append({"Queue": ref(p["EventSourceArn"]), "BatchSize": p.get("BatchSize", 0)})
    elif r["Type"] == "AWS::SNS::Subscription":
        summary["functions"][ref(p["Endpoint"])]["Topics"].append(
            {"Topic": ref(p["TopicArn"]), "FilterPolicy": json.dumps(p.get("FilterPolicy"), sort_keys=True, separators=(",", ":"))})
    elif r["Type"] == "AWS::Events::Rule":
        for t in p["Targets"]:
            summary["functions"][ref(t["Arn"])]["Schedules"].append(defaults.get(ref(p["ScheduleExpression"]), p["ScheduleExpression"])
                if "ScheduleExpression" in p else json.dumps(p["EventPattern"], sort_keys=True, separators=(",", ":")))
for f in summary["functions"].values():
    f["Schedules"].sort()
summary["routes"].sort(key=lambda r: r["Key"])
print(json.dumps(summary))
