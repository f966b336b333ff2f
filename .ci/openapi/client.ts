// A program written against the TypeScript client generated from Vigil's served /openapi.json
// (openapi-typescript types + openapi-fetch). tsc type-checks it against the generated types, so a
// wrong path, body field or answer type in the API description fails CI; .ci/openapi/check then
// runs it against a real `vigil serve`, so the description must also match what the server does.
import createClient from "openapi-fetch";
import type { components, operations, paths } from "./vigil.js";

// Types named by operationId, as a client generator names its methods.
type BankCreate = operations["createBank"]["requestBody"]["content"]["application/json"];
type ScanAnswer = operations["scan"]["responses"][200]["content"]["application/json"];
type ErrorBody = components["schemas"]["Error"];

const url = process.env.VIGIL_URL;
const adminKey = process.env.VIGIL_ADMIN_KEY;
if (!url || !adminKey) {
  throw new Error("set VIGIL_URL and VIGIL_ADMIN_KEY");
}

// Synthetic PDQ hashes (the test data of ApiEndToEndTest): the second is the first with its last
// three bits flipped, distance 3.
const PDQ = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";
const PDQ_NEAR = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b25";

let checks = 0;
function expect(condition: boolean, what: string, got: unknown): void {
  if (!condition) {
    throw new Error(`${what}: got ${JSON.stringify(got)}`);
  }
  checks++;
}

const admin = createClient<paths>({ baseUrl: url, headers: { Authorization: `Bearer ${adminKey}` } });

const bank: BankCreate = { name: "ci-client", pdqThreshold: 31, action: "block" };
const created = await admin.POST("/v1/banks", { body: bank });
expect(created.response.status === 201 && created.data?.name === "ci-client", "createBank", created.data);

const again = await admin.POST("/v1/banks", { body: bank });
const refusal: ErrorBody | undefined = again.error;
expect(again.response.status === 409 && refusal?.error === "bank_exists", "createBank twice", refusal);

const signal = await admin.POST("/v1/banks/{name}/signals", {
  params: { path: { name: "ci-client" } },
  body: { type: "pdq", value: PDQ, externalId: "ci-1", source: "ci" },
});
expect(signal.response.status === 201 && signal.data?.bank === "ci-client", "addSignal", signal.data);

const key = await admin.POST("/v1/keys", { body: { role: "platform", label: "generated client" } });
const platformKey = key.data?.key;
expect(key.response.status === 201 && typeof platformKey === "string", "createKey", key.data);

const platform = createClient<paths>({ baseUrl: url, headers: { Authorization: `Bearer ${platformKey}` } });
const scanned = await platform.POST("/v1/scan", {
  body: { hashes: { pdq: PDQ_NEAR }, context: { contentId: "ci-post-1" } },
});
// POST /v1/scan answers 200 with the decision, or 202 with a pending request when async=true (Kafka):
// the generated type is the union of both, narrowed here to the decision.
const answer: ScanAnswer | undefined =
  scanned.data !== undefined && "decisionId" in scanned.data ? scanned.data : undefined;
expect(answer?.verdict === "block", "scan", answer);

const decisionId = answer?.decisionId ?? "";
const stored = await platform.GET("/v1/decisions/{id}", { params: { path: { id: decisionId } } });
expect(stored.response.status === 200 && stored.data?.decisionId === decisionId, "getDecision", stored.data);

const forbidden = await platform.GET("/v1/keys");
expect(forbidden.response.status === 403 && forbidden.error?.error === "forbidden", "listKeys as platform", forbidden.error);

const invalid = await admin.POST("/v1/banks/{name}/signals", {
  params: { path: { name: "ci-client" } },
  body: { type: "pdq", value: "not-hex" },
});
expect(invalid.response.status === 422 && invalid.error?.field === "value", "addSignal invalid", invalid.error);

console.log(`generated TypeScript client: ${checks} calls against ${url} answered as the API description says`);
