import { codeTable, type CodeOf } from '../db/codeTable';

/** 贫困户属性 */
export const HOUSEHOLD_ATTRIBUTES = codeTable([
  { value: 'GENERAL', zh: '一般贫困户', en: 'General poor household' },
  { value: 'DIBAO', zh: '低保贫困户', en: 'Dibao (minimum living allowance) household' },
  { value: 'TEKUN', zh: '特困供养贫困户', en: 'Extremely poor, state-supported household' },
  { value: 'DIBAO_TEKUN', zh: '低保特困户', en: 'Dibao and extremely poor household' },
]);
export type HouseholdAttribute = CodeOf<typeof HOUSEHOLD_ATTRIBUTES>;

/** 贫困户状态 */
export const HOUSEHOLD_STATUSES = codeTable([
  { value: 'POOR', zh: '未脱贫', en: 'Poor' },
  { value: 'EXITED', zh: '已脱贫', en: 'Exited poverty' },
  { value: 'RETURNED', zh: '返贫', en: 'Returned to poverty' },
  { value: 'REMOVED', zh: '已剔除', en: 'Removed from the register' },
]);
export type HouseholdStatus = CodeOf<typeof HOUSEHOLD_STATUSES>;

/** 致贫原因 */
export const POVERTY_CAUSES = codeTable([
  { value: 'ILLNESS', zh: '因病', en: 'Illness' },
  { value: 'DISABILITY', zh: '因残', en: 'Disability' },
  { value: 'SCHOOLING', zh: '因学', en: 'Schooling costs' },
  { value: 'DISASTER', zh: '因灾', en: 'Disaster' },
  { value: 'NO_LAND', zh: '缺土地', en: 'Lack of land' },
  { value: 'NO_WATER', zh: '缺水', en: 'Lack of water' },
  { value: 'NO_SKILLS', zh: '缺技术', en: 'Lack of skills' },
  { value: 'NO_LABOR', zh: '缺劳力', en: 'Lack of labour' },
  { value: 'NO_CAPITAL', zh: '缺资金', en: 'Lack of capital' },
  { value: 'POOR_TRANSPORT', zh: '交通条件落后', en: 'Poor transport' },
  { value: 'LOW_MOTIVATION', zh: '自身发展动力不足', en: 'Low motivation' },
  { value: 'OTHER', zh: '其他', en: 'Other' },
]);
export type PovertyCause = CodeOf<typeof POVERTY_CAUSES>;

/** 危房等级: C and D are the unsafe grades. */
export const HOUSING_DANGER_LEVELS = codeTable([
  { value: 'NONE', zh: '非危房', en: 'Safe' },
  { value: 'C', zh: 'C级危房', en: 'Unsafe, grade C' },
  { value: 'D', zh: 'D级危房', en: 'Unsafe, grade D' },
]);
export type HousingDangerLevel = CodeOf<typeof HOUSING_DANGER_LEVELS>;

export const SEXES = codeTable([
  { value: 'MALE', zh: '男', en: 'Male' },
  { value: 'FEMALE', zh: '女', en: 'Female' },
]);
export type Sex = CodeOf<typeof SEXES>;

/** 与户主关系 */
export const RELATIONS = codeTable([
  { value: 'HEAD', zh: '户主', en: 'Head of household' },
  { value: 'SPOUSE', zh: '配偶', en: 'Spouse' },
  { value: 'SON', zh: '之子', en: 'Son' },
  { value: 'DAUGHTER', zh: '之女', en: 'Daughter' },
  { value: 'SON_IN_LAW', zh: '之女婿', en: 'Son-in-law' },
  { value: 'DAUGHTER_IN_LAW', zh: '之儿媳', en: 'Daughter-in-law' },
  { value: 'GRANDSON', zh: '之孙子', en: 'Grandson' },
  { value: 'GRANDDAUGHTER', zh: '之孙女', en: 'Granddaughter' },
  { value: 'FATHER', zh: '之父', en: 'Father' },
  { value: 'MOTHER', zh: '之母', en: 'Mother' },
  { value: 'GRANDFATHER', zh: '之祖父', en: 'Grandfather' },
  { value: 'GRANDMOTHER', zh: '之祖母', en: 'Grandmother' },
  { value: 'SIBLING', zh: '兄弟姐妹', en: 'Sibling' },
  { value: 'OTHER', zh: '其他', en: 'Other' },
]);
export type Relation = CodeOf<typeof RELATIONS>;

/** 文化程度 */
export const EDUCATION_LEVELS = codeTable([
  { value: 'PRESCHOOL', zh: '学龄前儿童', en: 'Pre-school age' },
  { value: 'ILLITERATE', zh: '文盲或半文盲', en: 'Illiterate or semi-literate' },
  { value: 'PRIMARY', zh: '小学', en: 'Primary school' },
  { value: 'JUNIOR', zh: '初中', en: 'Junior secondary' },
  { value: 'SENIOR', zh: '高中', en: 'Senior secondary' },
  { value: 'VOCATIONAL', zh: '中专或技校', en: 'Vocational school' },
  { value: 'COLLEGE', zh: '大专及以上', en: 'College or above' },
]);
export type EducationLevel = CodeOf<typeof EDUCATION_LEVELS>;

/** 在校生状况 */
export const SCHOOL_STATUSES = codeTable([
  { value: 'NOT_IN_SCHOOL', zh: '非在校生', en: 'Not in school' },
  { value: 'PRESCHOOL', zh: '学前教育', en: 'Pre-school' },
  { value: 'PRIMARY', zh: '小学', en: 'Primary school' },
  { value: 'JUNIOR', zh: '初中', en: 'Junior secondary' },
  { value: 'SENIOR', zh: '高中', en: 'Senior secondary' },
  { value: 'VOCATIONAL', zh: '中职', en: 'Secondary vocational' },
  { value: 'COLLEGE', zh: '高职或大学', en: 'College or university' },
  { value: 'DROPPED_OUT', zh: '辍学', en: 'Dropped out' },
]);
export type SchoolStatus = CodeOf<typeof SCHOOL_STATUSES>;

/** 健康状况 */
export const HEALTH_STATUSES = codeTable([
  { value: 'HEALTHY', zh: '健康', en: 'Healthy' },
  { value: 'CHRONIC', zh: '长期慢性病', en: 'Chronic illness' },
  { value: 'SERIOUS_ILLNESS', zh: '患有大病', en: 'Serious illness' },
  { value: 'DISABLED', zh: '残疾', en: 'Disabled' },
]);
export type HealthStatus = CodeOf<typeof HEALTH_STATUSES>;

/** 劳动技能 */
export const LABOR_ABILITIES = codeTable([
  { value: 'NORMAL', zh: '普通劳动力', en: 'Ordinary labour' },
  { value: 'SKILLED', zh: '技能劳动力', en: 'Skilled labour' },
  { value: 'WEAK', zh: '弱劳动力或半劳动力', en: 'Weak or partial labour' },
  { value: 'LOST', zh: '丧失劳动力', en: 'Lost ability to work' },
  { value: 'NONE', zh: '无劳动力', en: 'No labour (child, student, elderly)' },
]);
export type LaborAbility = CodeOf<typeof LABOR_ABILITIES>;

/**
 * 民族, GB/T 3304 codes. Lingyun is mostly Zhuang, Han and Yao; the others are listed so that any
 * resident can be recorded.
 */
export const ETHNICITIES = codeTable([
  { value: '01', zh: '汉族', en: 'Han' },
  { value: '02', zh: '蒙古族', en: 'Mongol' },
  { value: '03', zh: '回族', en: 'Hui' },
  { value: '04', zh: '藏族', en: 'Tibetan' },
  { value: '05', zh: '维吾尔族', en: 'Uyghur' },
  { value: '06', zh: '苗族', en: 'Miao' },
  { value: '07', zh: '彝族', en: 'Yi' },
  { value: '08', zh: '壮族', en: 'Zhuang' },
  { value: '09', zh: '布依族', en: 'Bouyei' },
  { value: '10', zh: '朝鲜族', en: 'Korean' },
  { value: '11', zh: '满族', en: 'Manchu' },
  { value: '12', zh: '侗族', en: 'Dong' },
  { value: '13', zh: '瑶族', en: 'Yao' },
  { value: '14', zh: '白族', en: 'Bai' },
  { value: '15', zh: '土家族', en: 'Tujia' },
  { value: '16', zh: '哈尼族', en: 'Hani' },
  { value: '17', zh: '哈萨克族', en: 'Kazakh' },
  { value: '18', zh: '傣族', en: 'Dai' },
  { value: '19', zh: '黎族', en: 'Li' },
  { value: '20', zh: '傈僳族', en: 'Lisu' },
  { value: '21', zh: '佤族', en: 'Va' },
  { value: '22', zh: '畲族', en: 'She' },
  { value: '23', zh: '高山族', en: 'Gaoshan' },
  { value: '24', zh: '拉祜族', en: 'Lahu' },
  { value: '25', zh: '水族', en: 'Sui' },
  { value: '26', zh: '东乡族', en: 'Dongxiang' },
  { value: '27', zh: '纳西族', en: 'Naxi' },
  { value: '28', zh: '景颇族', en: 'Jingpo' },
  { value: '29', zh: '柯尔克孜族', en: 'Kyrgyz' },
  { value: '30', zh: '土族', en: 'Tu' },
  { value: '31', zh: '达斡尔族', en: 'Daur' },
  { value: '32', zh: '仫佬族', en: 'Mulao' },
  { value: '33', zh: '羌族', en: 'Qiang' },
  { value: '34', zh: '布朗族', en: 'Blang' },
  { value: '35', zh: '撒拉族', en: 'Salar' },
  { value: '36', zh: '毛南族', en: 'Maonan' },
  { value: '37', zh: '仡佬族', en: 'Gelao' },
  { value: '38', zh: '锡伯族', en: 'Xibe' },
  { value: '39', zh: '阿昌族', en: 'Achang' },
  { value: '40', zh: '普米族', en: 'Pumi' },
  { value: '41', zh: '塔吉克族', en: 'Tajik' },
  { value: '42', zh: '怒族', en: 'Nu' },
  { value: '43', zh: '乌孜别克族', en: 'Uzbek' },
  { value: '44', zh: '俄罗斯族', en: 'Russian' },
  { value: '45', zh: '鄂温克族', en: 'Evenki' },
  { value: '46', zh: '德昂族', en: "De'ang" },
  { value: '47', zh: '保安族', en: 'Bonan' },
  { value: '48', zh: '裕固族', en: 'Yugur' },
  { value: '49', zh: '京族', en: 'Gin' },
  { value: '50', zh: '塔塔尔族', en: 'Tatar' },
  { value: '51', zh: '独龙族', en: 'Derung' },
  { value: '52', zh: '鄂伦春族', en: 'Oroqen' },
  { value: '53', zh: '赫哲族', en: 'Hezhen' },
  { value: '54', zh: '门巴族', en: 'Monba' },
  { value: '55', zh: '珞巴族', en: 'Lhoba' },
  { value: '56', zh: '基诺族', en: 'Jino' },
  { value: '97', zh: '其他', en: 'Other' },
  { value: '98', zh: '外国血统中国籍人士', en: 'Naturalised citizen of foreign origin' },
]);
export type Ethnicity = CodeOf<typeof ETHNICITIES>;
