import { Form, Input } from 'antd';

export interface UserValues {
  username: string;
  password: string;
  confirm: string;
  email: string;
  firstname: string;
  lastname: string;
}

const needed = (what: string) => [{ required: true, whitespace: true, message: `${what} is needed` }];

// The fields of a new user, for Add account (its first user) and Add user; the password typed twice.
export function UserFields() {
  return (
    <>
      <Form.Item label="Username" name="username" rules={needed('A username')}>
        <Input autoComplete="off" />
      </Form.Item>
      <Form.Item label="Password" name="password" rules={needed('A password')}>
        <Input.Password autoComplete="new-password" visibilityToggle={false} />
      </Form.Item>
      <Form.Item
        label="Confirm password"
        name="confirm"
        dependencies={['password']}
        rules={[
          { required: true, message: 'Type the password again' },
          ({ getFieldValue }) => ({
            validator: (_, value) => (!value || getFieldValue('password') === value ? Promise.resolve() : Promise.reject(new Error('The passwords do not match'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" visibilityToggle={false} />
      </Form.Item>
      <Form.Item label="Email" name="email" rules={[{ required: true, type: 'email', message: 'A valid email address is needed' }]}>
        <Input />
      </Form.Item>
      <Form.Item label="First name" name="firstname" rules={needed('A first name')}>
        <Input />
      </Form.Item>
      <Form.Item label="Last name" name="lastname" rules={needed('A last name')}>
        <Input />
      </Form.Item>
    </>
  );
}

/** The createAccount / createUser parameters of the fields: the confirmation stays in the form. */
export function userParams({ username, password, email, firstname, lastname }: UserValues) {
  return { username: username.trim(), password, email: email.trim(), firstname: firstname.trim(), lastname: lastname.trim() };
}
