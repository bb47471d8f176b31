/** The staff and who manages whom: a CST, then per service area a head of practice, line managers and practitioners. */
import { Role } from '../domain/enums';
import { staffId } from './ids';
import { handle, type SeedRandom } from './random-source';
import type { Row } from './row-writer';

export interface StaffLayout {
  rows: Row[];
  cstOfficers: string[];
  cstManagers: string[];
  /** Per service area. */
  headOfPractice: string[];
  lineManagers: string[][];
  practitioners: string[][];
  lineManagerOf: Map<string, string>;
}

interface Post {
  role: Role;
  jobTitle: string;
  area: string | null;
  lineManager: string | null;
  headOfPractice?: boolean;
}

/** 3 CST officers, and per area 2 line managers with 3 practitioners each, per unit of scale (50 staff at scale 1). */
export function layoutStaff(scale: number, areaIds: string[], random: SeedRandom): StaffLayout {
  const layout: StaffLayout = {
    rows: [],
    cstOfficers: [],
    cstManagers: [],
    headOfPractice: [],
    lineManagers: [],
    practitioners: [],
    lineManagerOf: new Map(),
  };
  const hire = (id: string, post: Post) => addStaff(layout, random, id, post);
  const cstManager = hire(staffId(Role.CST_MANAGER, 'cst', 0), {
    role: Role.CST_MANAGER,
    jobTitle: 'Customer Service Manager',
    area: null,
    lineManager: null,
  });
  layout.cstManagers.push(cstManager);
  for (let i = 0; i < 3 * scale; i++) {
    const officer = {
      role: Role.CST_OFFICER,
      jobTitle: 'Customer Service Officer',
      area: null,
      lineManager: cstManager,
    };
    layout.cstOfficers.push(hire(staffId(Role.CST_OFFICER, 'cst', i), officer));
  }
  const analyst = { role: Role.ANALYST, jobTitle: 'Performance Analyst', area: null, lineManager: cstManager };
  hire(staffId(Role.ANALYST, 'cst', 0), analyst);
  areaIds.forEach((area, a) => layoutArea(scale, area, a, hire, layout));
  return layout;
}

/** A service area's head of practice, line managers and their practitioners. */
function layoutArea(
  scale: number,
  area: string,
  a: number,
  hire: (id: string, post: Post) => string,
  layout: StaffLayout,
): void {
  const hop = hire(staffId(Role.SENIOR_MANAGER, a, 0), {
    role: Role.SENIOR_MANAGER,
    jobTitle: 'Head of Practice',
    area,
    lineManager: null,
    headOfPractice: true,
  });
  layout.headOfPractice.push(hop);
  const managers: string[] = [];
  const practitioners: string[] = [];
  for (let m = 0; m < 2 * scale; m++) {
    const manager = { role: Role.LINE_MANAGER, jobTitle: 'Service Manager', area, lineManager: hop };
    const lm = hire(staffId(Role.LINE_MANAGER, a, m), manager);
    managers.push(lm);
    for (let p = 0; p < 3; p++) {
      const practitioner = { role: Role.PRACTITIONER, jobTitle: 'Family Court Adviser', area, lineManager: lm };
      practitioners.push(hire(staffId(Role.PRACTITIONER, a, m * 3 + p), practitioner));
    }
  }
  layout.lineManagers.push(managers);
  layout.practitioners.push(practitioners);
}

/** One member of staff with a random name; returns the id. */
function addStaff(layout: StaffLayout, random: SeedRandom, id: string, post: Post): string {
  const name = random.person();
  layout.rows.push({
    id,
    ...name,
    email: `${handle(name)}.${id.slice(0, 4)}@staff.example.org`,
    job_title: post.jobTitle,
    role: post.role,
    head_of_practice: post.headOfPractice ?? false,
    service_area_id: post.area,
    line_manager_id: post.lineManager,
  });
  if (post.lineManager) layout.lineManagerOf.set(id, post.lineManager);
  return id;
}
