import type { TranslationMessages } from 'react-admin';
import { gridZh } from '../grid/messages';
import { importsZh } from '../imports/messages';

/**
 * 简体中文, the UI's default language.
 *
 * `ra` is react-admin's own catalogue. No published Chinese catalogue targets react-admin 5
 * (ra-language-chinese stops at 2.x, @haxqer/ra-language-chinese pulls in ra-core 4), so it is written here,
 * typed against TranslationMessages and kept key for key with ra-language-english.
 * Chinese has no plural forms: where English has "one |||| many", there is a single phrase.
 * Shapes are type aliases, not interfaces: a catalogue must fit TranslationMessages' index signature.
 */

/**
 * Keys ra-ui-materialui translates with English fallbacks (`_`) that neither TranslationMessages nor
 * ra-language-english lists; without them the column chooser would say "Hide All" in a Chinese screen.
 */
type RaInspectorMessages = {
  hideAll: string;
  showAll: string;
  Datagrid: { title: string };
  SimpleForm: { title: string };
  SimpleList: { title: string };
};

const ra: TranslationMessages['ra'] & { inspector: RaInspectorMessages } = {
  action: {
    add_filter: '添加筛选',
    add: '添加',
    back: '返回',
    bulk_actions: '已选择 %{smart_count} 项',
    cancel: '取消',
    clear_array_input: '清空列表',
    clear_input_value: '清除',
    clone: '复制',
    confirm: '确认',
    create: '新建',
    create_item: '新建 %{item}',
    delete: '删除',
    edit: '编辑',
    export: '导出',
    list: '列表',
    refresh: '刷新',
    remove_filter: '移除此筛选',
    remove_all_filters: '移除全部筛选',
    remove: '移除',
    reset: '重置',
    save: '保存',
    search: '搜索',
    search_columns: '搜索列',
    select_all: '全选',
    select_all_button: '全选',
    select_row: '选择此行',
    show: '查看',
    sort: '排序',
    undo: '撤销',
    unselect: '取消选择',
    expand: '展开',
    close: '关闭',
    open_menu: '打开菜单',
    close_menu: '关闭菜单',
    update: '更新',
    move_up: '上移',
    move_down: '下移',
    open: '打开',
    toggle_theme: '切换明暗主题',
    select_columns: '列',
    update_application: '重新加载应用',
  },
  boolean: {
    true: '是',
    false: '否',
    null: ' ',
  },
  page: {
    create: '新建%{name}',
    dashboard: '首页',
    edit: '%{name} %{recordRepresentation}',
    error: '出错了',
    list: '%{name}',
    loading: '加载中',
    not_found: '未找到',
    show: '%{name} %{recordRepresentation}',
    empty: '还没有%{name}。',
    invite: '要添加一条吗？',
    access_denied: '无权访问',
    authentication_error: '身份验证出错',
  },
  input: {
    file: {
      upload_several: '将文件拖到此处上传，或点击选择文件。',
      upload_single: '将文件拖到此处上传，或点击选择文件。',
    },
    image: {
      upload_several: '将图片拖到此处上传，或点击选择图片。',
      upload_single: '将图片拖到此处上传，或点击选择图片。',
    },
    references: {
      all_missing: '找不到关联数据。',
      many_missing: '至少有一条关联数据已不存在。',
      single_missing: '关联数据已不存在。',
    },
    password: {
      toggle_visible: '隐藏密码',
      toggle_hidden: '显示密码',
    },
  },
  message: {
    about: '关于',
    access_denied: '您没有访问此页面的权限',
    are_you_sure: '确定吗？',
    authentication_error: '身份验证服务返回错误，无法验证您的身份。',
    auth_error: '验证身份令牌时出错。',
    bulk_delete_content: '确定要删除这 %{smart_count} 项吗？',
    bulk_delete_title: '删除 %{smart_count} 项%{name}',
    bulk_update_content: '确定要更新这 %{smart_count} 项吗？',
    bulk_update_title: '更新 %{smart_count} 项%{name}',
    clear_array_input: '确定要清空整个列表吗？',
    delete_content: '确定要删除这条%{name}吗？',
    delete_title: '删除%{name} %{recordRepresentation}',
    details: '详情',
    error: '客户端出错，请求未能完成。',
    invalid_form: '表单有误，请检查标出的字段',
    loading: '请稍候',
    no: '否',
    not_found: '网址有误，或链接已失效。',
    select_all_limit_reached: '数据太多，无法全部选择；只选择了前 %{max} 项。',
    unsaved_changes: '有修改尚未保存，确定要放弃吗？',
    yes: '是',
    placeholder_data_warning: '网络问题：数据刷新失败。',
  },
  navigation: {
    clear_filters: '清除筛选',
    no_filtered_results: '当前筛选条件下没有%{name}。',
    no_results: '没有%{name}',
    no_more_results: '第 %{page} 页超出范围，请返回上一页。',
    page_out_of_boundaries: '第 %{page} 页超出范围',
    page_out_from_end: '已是最后一页',
    page_out_from_begin: '已是第一页',
    page_range_info: '第 %{offsetBegin}-%{offsetEnd} 条，共 %{total} 条',
    partial_page_range_info: '第 %{offsetBegin}-%{offsetEnd} 条，共超过 %{offsetEnd} 条',
    current_page: '第 %{page} 页',
    page: '转到第 %{page} 页',
    first: '转到第一页',
    last: '转到最后一页',
    next: '下一页',
    previous: '上一页',
    page_rows_per_page: '每页行数：',
    skip_nav: '跳到正文',
  },
  sort: {
    sort_by: '按%{field_lower_first}%{order}排序',
    ASC: '升序',
    DESC: '降序',
  },
  auth: {
    auth_check_error: '请登录后继续',
    user_menu: '个人信息',
    username: '用户名',
    password: '密码',
    email: '电子邮箱',
    sign_in: '登录',
    sign_in_error: '登录失败，请重试',
    logout: '退出登录',
  },
  notification: {
    updated: '已更新 %{smart_count} 项',
    created: '已新建',
    deleted: '已删除 %{smart_count} 项',
    bad_item: '数据有误',
    item_doesnt_exist: '数据不存在',
    http_error: '与服务器通信出错',
    data_provider_error: '数据服务出错，详情见浏览器控制台。',
    i18n_error: '无法加载所选语言的翻译',
    canceled: '已取消操作',
    logged_out: '会话已结束，请重新登录。',
    not_authorized: '您无权访问此资源。',
    application_update_available: '有新版本可用。',
    offline: '网络未连接，无法获取数据。',
  },
  validation: {
    required: '必填',
    minLength: '至少 %{min} 个字符',
    maxLength: '最多 %{max} 个字符',
    minValue: '不能小于 %{min}',
    maxValue: '不能大于 %{max}',
    number: '必须是数字',
    email: '必须是有效的电子邮箱',
    oneOf: '必须是以下之一：%{options}',
    regex: '格式不符（正则表达式）：%{pattern}',
    unique: '不能重复',
  },
  saved_queries: {
    label: '已保存的查询',
    query_name: '查询名称',
    new_label: '保存当前查询…',
    new_dialog_title: '将当前查询保存为',
    remove_label: '删除已保存的查询',
    remove_label_with_name: '删除查询“%{name}”',
    remove_dialog_title: '删除已保存的查询？',
    remove_message: '确定要从已保存的查询中删除此项吗？',
    help: '筛选列表后可保存此查询，供以后使用',
  },
  guesser: {
    empty: {
      title: '没有可显示的数据',
      message: '请检查数据服务',
    },
  },
  inspector: {
    hideAll: '全部隐藏',
    showAll: '全部显示',
    Datagrid: { title: '数据表格' },
    SimpleForm: { title: '表单' },
    SimpleList: { title: '列表' },
  },
  configurable: {
    customize: '自定义',
    configureMode: '配置此页面',
    inspector: {
      title: '检查器',
      content: '将鼠标悬停在界面元素上以进行配置',
      reset: '恢复默认设置',
      hideAll: '全部隐藏',
      showAll: '全部显示',
    },
    Datagrid: {
      title: '数据表格',
      unlabeled: '未命名列 #%{column}',
    },
    SimpleForm: {
      title: '表单',
      unlabeled: '未命名输入项 #%{input}',
    },
    SimpleList: {
      title: '列表',
      primaryText: '主要文字',
      secondaryText: '次要文字',
      tertiaryText: '第三行文字',
    },
  },
};

/**
 * The hub's own strings. en.ts is typed against this shape, so a key added here and forgotten there (or the
 * other way round) fails the typecheck.
 */
const hub = {
  // the hub of one county or of a prefecture's or province's many (issue 16): named after none of them
  title: '精准扶贫数据平台',
  auth: {
    server_unreachable: '无法连接数据平台服务器，请稍后重试',
  },
  roles: {
    ADMIN: '管理员',
    CLERK: '乡镇录入员',
    ANALYST: '分析员',
    PARTNER: '帮扶单位',
  },
  dashboard: {
    county: '县',
    greeting: '您好，%{name}',
    role: '角色：%{role}',
    intro: '精准扶贫数据平台汇集各县贫困户、帮扶项目与资金、结对帮扶的记录。',
    asOf: {
      label: '数据截至日',
      text: '数据截至 %{day}',
    },
    scope: {
      county: '全县',
      allCounties: '全部县',
      township: '本乡镇',
      village: '本村',
      unit: '本单位',
    },
    view: {
      label: '显示方式',
      chart: '图表',
      table: '表格',
    },
    error: '数据加载失败：%{message}',
    retry: '重试',
    noScope: '您的账号尚未分配乡镇或行政村，暂无可显示的统计，请联系管理员。',
    empty: '暂无数据',
    division: '区划',
    percent: '%{value}%',
    years: {
      title: '贫困发生率变化',
      year: '年度',
      incidence: '贫困发生率（%）',
      poorPeople: '年末贫困人口',
      exitedPeople: '当年脱贫人口',
      ruralPopulation: '农村户籍人口',
    },
    divisions: {
      townships: '各乡镇贫困发生率',
      villages: '各村贫困发生率',
      year: '%{year} 年末',
    },
    targets: {
      title: '%{year} 年目标任务进度',
      goal: '目标',
      progress: '已完成',
      rate: '完成率',
      dueDate: '完成期限',
      subject: '任务',
      none: '本年度没有目标任务',
    },
    batches: {
      title: '贫困村分批脱贫摘帽',
      batch: '计划摘帽年度',
      batchLabel: '%{year} 年批次',
      exited: '已摘帽',
      pending: '未摘帽',
      total: '贫困村',
    },
    funds: {
      title: '扶贫资金分配与拨付',
      byLevel: '按资金级次',
      byCategory: '按行动类别',
      level: '资金级次',
      category: '行动类别',
      source: '资金总额（万元）',
      allocated: '已分配（万元）',
      disbursed: '已拨付（万元）',
      rate: '拨付率',
    },
    projects: {
      title: '项目实施状态',
      status: '状态',
      count: '项目数',
      budget: '预算（万元）',
    },
    recent: {
      title: '最近修改',
      at: '时间',
      who: '操作人',
      record: '记录',
      operation: '操作',
      fields: '改动字段',
      none: '还没有修改记录',
      operations: {
        CREATE: '新增',
        UPDATE: '修改',
        DELETE: '删除',
      },
    },
    partner: {
      title: '本单位结对帮扶',
      noUnit: '您的账号尚未绑定帮扶单位，请联系管理员。',
      noCounty: '帮扶单位账号只显示本单位的结对帮扶情况，不显示全县统计。',
      villages: '帮扶村',
      cadres: '帮扶干部',
      households: '结对户',
      visits: '走访记录',
      byMode: '走访方式',
      mode: '方式',
      count: '次数',
    },
  },
  menu: {
    divisions: '区划',
    households: '贫困户与成员',
    projects: '项目与资金',
    twinning: '结对帮扶',
    targets: '目标与标准',
    users: '用户',
    imports: '数据导入',
  },
  history: {
    title: '修改历史',
    empty: '暂无修改记录',
    at: '时间',
    who: '操作人',
    operation: '操作',
    changes: '改动',
    more: '更多',
    CREATE: '新建',
    UPDATE: '修改',
    DELETE: '删除',
  },
  members: {
    reveal: '查看完整身份证号',
    reveal_hint: '查看操作会记入审计日志',
  },
  users: {
    reset_password: '重置密码',
    new_password: '新密码（至少 10 个字符）',
    password_reset: '密码已重置',
  },
  tokens: {
    revoke: '吊销',
    revoke_title: '吊销令牌',
    revoke_content: '吊销后使用此令牌的脚本将立即无法访问，确定吗？',
    username_help: '为其他用户创建时填写其用户名；留空则为自己创建',
    created: '令牌已创建',
    shown_once: '令牌只显示这一次，请立即复制并妥善保存。',
    copy: '复制',
  },
  grid: gridZh,
  imports: importsZh,
};

export type HubMessages = typeof hub;

/**
 * `resources.<name>.{name, fields}` for the lists that are not record types (users, API tokens, imports):
 * `name` is the menu and page label, `fields.<field>` the column and input labels. Record types' names and
 * field labels are the hub's (`recordTypes`).
 */
export type ResourceMessages = {
  name: string;
  fields?: Record<string, string>;
};
export type ResourcesMessages = Record<string, ResourceMessages>;

const resources: ResourcesMessages = {
  users: {
    name: '用户',
    fields: {
      username: '用户名',
      displayName: '姓名',
      role: '角色',
      password: '初始密码',
      townshipIds: '管辖乡镇',
      villageIds: '管辖行政村',
      countyIds: '管辖县（空为全平台）',
      helperUnitId: '帮扶单位',
      disabled: '已停用',
    },
  },
  apiTokens: {
    name: 'API 令牌',
    fields: {
      name: '令牌名称',
      username: '所属用户',
      active: '有效',
      createdAt: '创建时间',
      expiresAt: '到期',
      lastUsedAt: '最近使用',
      expiresInDays: '有效天数',
    },
  },
  imports: { name: '导入记录' },
};

const zh: TranslationMessages & { hub: HubMessages; resources: ResourcesMessages } = { ra, resources, hub };

export default zh;
