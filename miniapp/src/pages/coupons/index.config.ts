export default definePageConfig({
  navigationBarTitleText: '我的停车券',
});
