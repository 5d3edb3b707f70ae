// How an integrator's TypeScript uses Gilde's API types (generated with
// openapi-typescript from /api/v1/openapi.json). test_api_conformance compiles
// this file with `tsc --strict` against the types of the current spec, so a
// change to the API that breaks these uses fails the suite.
import type { components, paths } from "./types";

type Schemas = components["schemas"];
type ErrorOut = Schemas["ErrorOut"];
type Json<P extends keyof paths, M extends keyof paths[P], S extends number> =
  paths[P][M] extends { responses: infer R }
    ? S extends keyof R
      ? R[S] extends { content: { "application/json": infer B } }
        ? B
        : never
      : never
    : never;

type MemberPage = Json<"/api/v1/networks/{slug}/members", "get", 200>;
type NetworkPage = Json<"/api/v1/networks", "get", 200>;
type SearchPage = Json<"/api/v1/search", "get", 200>;
type Me = Json<"/api/v1/me", "get", 200>;
type Conflict = Json<"/api/v1/networks/{slug}/sessions/{session_id}/registration", "post", 409>;
type Stale = Json<"/api/v1/me/profile", "patch", 412>;

// Every list has one shape, whatever its items.
type AnyPage<T> = {
  count: number;
  page: number;
  page_size: number;
  next: string | null;
  previous: string | null;
  results: T[];
};
const asPage = <T>(page: AnyPage<T>): AnyPage<T> => page;

export function memberNames(page: MemberPage): string[] {
  const same: AnyPage<Schemas["MemberOut"]> = asPage(page);
  return same.results.map((m) => `${m.name} (${m.role}): ${m.expertise.map((e) => e.slug).join(", ")}`);
}

export function roleLabel(role: Schemas["MemberOut"]["role"]): string {
  switch (role) {
    case "coordinator":
      return "Coördinator";
    case "member":
      return "Lid";
    case "guest":
      return "Gast";
  }
}

export async function allNetworks(
  fetchPage: (url: string) => Promise<NetworkPage>,
  first: string,
): Promise<Schemas["NetworkOut"][]> {
  const all: Schemas["NetworkOut"][] = [];
  let url: string | null = first;
  while (url !== null) {
    const page: NetworkPage = await fetchPage(url);
    all.push(...page.results);
    url = page.next;
  }
  return all;
}

export function firstHit(page: SearchPage): string | undefined {
  const hit = page.results[0];
  if (hit === undefined) return undefined;
  const kind: "article" | "question" | "session" | "person" | "listing" | "decision" = hit.kind;
  return `${kind} ${hit.id}: ${hit.title} (${hit.published_at})`;
}

export function networksOf(me: Me): string[] {
  return me.memberships.map((m) => `${m.network_name} since ${new Date(m.joined_at).getFullYear()}`);
}

export function describeError(error: ErrorOut | Conflict | Stale): string {
  const problems = (error.errors ?? []).map((e) => `${e.loc.join(".")}: ${e.msg}`);
  return [error.message, error.field ?? "", ...problems].filter(Boolean).join("; ");
}

type PatchProfile = paths["/api/v1/me/profile"]["patch"];
export const change: NonNullable<PatchProfile["requestBody"]>["content"]["application/json"] = {
  headline: "Vezelexpert",
  expertise: [{ tag: "biopolymeren", level: "expert" }],
};

type ListQuery = NonNullable<paths["/api/v1/networks/{slug}/articles"]["get"]["parameters"]["query"]>;
export const secondPage: ListQuery = { page: 2, page_size: 50, kind: "how-to" };
